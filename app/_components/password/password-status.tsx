'use client';

import { useFormatter, useNow, useTranslations } from 'next-intl';
import type { ConsolePasswordStatus } from '@/lib/credentials/password-policy';

/** Enabled or not, when the password was set, whether AWS wants a new one, when it expires. */
export function PasswordStatus({ status }: { status: ConsolePasswordStatus }) {
  const t = useTranslations('password');
  const format = useFormatter();
  const date = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium' });
  const setAt = status.lastChangedByKagi ?? status.createDate;
  const now = useNow();
  const expired = status.expiresAt !== null && new Date(status.expiresAt) <= now;

  return (
    <section aria-labelledby="password-status-title" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="password-status-title" className="text-lg font-semibold">
        {t('statusTitle')}
      </h2>
      <dl className="mt-3 grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]" data-testid="password-status">
        <dt className="font-medium text-slate-700">{t('enabledLabel')}</dt>
        <dd>{t('enabledYes')}</dd>

        {setAt ? (
          <>
            <dt className="font-medium text-slate-700">{t('setLabel')}</dt>
            <dd>
              {t(status.lastChangedByKagi ? 'setByKagi' : 'setAtStart', { date: date(setAt) })}
              {status.lastChangedByKagi ? null : <span className="mt-1 block text-sm text-slate-600">{t('setNote')}</span>}
            </dd>
          </>
        ) : null}

        <dt className="font-medium text-slate-700">{t('resetLabel')}</dt>
        <dd className={status.resetRequired ? 'font-medium text-amber-900' : undefined}>
          {status.resetRequired ? t('resetYes') : t('resetNo')}
        </dd>

        <dt className="font-medium text-slate-700">{t('expiresLabel')}</dt>
        <dd className={expired ? 'font-medium text-red-800' : undefined}>
          {status.expiresAt
            ? t(expired ? 'expiredOn' : 'expiresOn', { date: date(status.expiresAt), days: status.policy.maxAgeDays ?? 0 })
            : t('expiresNever')}
        </dd>
      </dl>
    </section>
  );
}
