'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { unsubscribeWithToken } from '@/lib/ui/notification-settings';
import { ErrorAlert, useErrorText } from '../error-text';

/** Asks before turning reminders off: a link checker opening the page changes nothing. */
export function UnsubscribeConfirm({ u, t: token }: { u: string; t: string }) {
  const t = useTranslations('unsubscribe');
  const errorText = useErrorText();
  const stop = useMutation({ mutationFn: () => unsubscribeWithToken(u, token) });
  if (stop.isSuccess) {
    return (
      <div role="status" className="mt-4 space-y-3">
        <p className="rounded-md border border-green-300 bg-green-50 p-3 text-green-900">{t('done')}</p>
        <p>
          <Link href="/settings" className="font-semibold text-blue-700 underline">
            {t('settings')}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="mt-4 space-y-3">
      <button
        type="button"
        onClick={() => stop.mutate()}
        disabled={stop.isPending}
        className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-70"
      >
        {stop.isPending ? t('busy') : t('button')}
      </button>
      {stop.isError ? <ErrorAlert>{errorText(stop.error)}</ErrorAlert> : null}
    </div>
  );
}
