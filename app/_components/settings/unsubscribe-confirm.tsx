'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { unsubscribeWithToken } from '@/lib/ui/notification-settings';
import { AppLink } from '../app-link';
import { ErrorAlert, useErrorText } from '../error-text';

/**
 * Asks before turning reminders off: a link checker opening the page changes nothing. Outside
 * the signed-in pages (no query client there), so plain state.
 */
export function UnsubscribeConfirm({ u, t: token }: { u: string; t: string }) {
  const t = useTranslations('unsubscribe');
  const errorText = useErrorText();
  const [state, setState] = useState<'ready' | 'busy' | 'done'>('ready');
  const [problem, setProblem] = useState('');
  if (state === 'done') {
    return (
      <div role="status" className="mt-4 space-y-3">
        <p className="rounded-md border border-green-300 bg-green-50 p-3 text-green-900">{t('done')}</p>
        <p>
          <AppLink href="/settings" className="font-semibold text-blue-700 underline">
            {t('settings')}
          </AppLink>
        </p>
      </div>
    );
  }
  return (
    <div className="mt-4 space-y-3">
      <button
        type="button"
        onClick={() => {
          setState('busy');
          setProblem('');
          unsubscribeWithToken(u, token).then(
            () => setState('done'),
            (error: unknown) => {
              setState('ready');
              setProblem(errorText(error));
            },
          );
        }}
        disabled={state === 'busy'}
        className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-70"
      >
        {state === 'busy' ? t('busy') : t('button')}
      </button>
      {problem ? <ErrorAlert>{problem}</ErrorAlert> : null}
    </div>
  );
}
