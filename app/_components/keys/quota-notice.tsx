'use client';

import { useTranslations } from 'next-intl';
import { withAccount } from '@/lib/ui/account';
import { useAccountId } from '@/lib/ui/account-context';
import { AppLink } from '../app-link';

/** Why there is no "Create" button when the person has two keys, and what to do instead. */
export function QuotaNotice({ quota, alert = false }: { quota: number; alert?: boolean }) {
  const t = useTranslations('quota');
  const account = useAccountId();
  return (
    <div role={alert ? 'alert' : undefined} className="rounded-lg border border-blue-200 bg-blue-50 p-5 text-slate-900" data-testid="quota-notice">
      <h3 className="font-semibold">{t('title')}</h3>
      <p className="mt-2">{t('body', { quota })}</p>
      <ul className="mt-3 list-disc space-y-2 pl-5">
        <li>
          {t('rotate')}{' '}
          <AppLink href={withAccount('/keys/rotate', account)} className="font-medium text-blue-800 underline hover:text-blue-950">
            {t('rotateLink')}
          </AppLink>
        </li>
        <li>{t('deleteUnused')}</li>
      </ul>
    </div>
  );
}
