'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import type { HelpdeskCase } from '@/lib/ui/helpdesk';
import { CheckIcon } from '../keys/icons';
import { buttonStyles, useNow, VerificationText } from './words';

/**
 * The open case: who was verified, how, under which ticket, and for how much longer; with
 * several AWS accounts, first of all in which (a case acts in that account only).
 */
export function CaseBanner({
  helpdeskCase,
  accountLabel,
  onExpired,
  onEnd,
  ending,
}: {
  helpdeskCase: HelpdeskCase;
  accountLabel: string | null;
  onExpired: () => void;
  onEnd: () => void;
  ending: boolean;
}) {
  const t = useTranslations('helpdesk.case');
  const now = useNow(5_000);
  const msLeft = now === null ? null : new Date(helpdeskCase.expiresAt).getTime() - now;
  const minutes = msLeft === null ? null : Math.max(0, Math.ceil(msLeft / 60_000));

  useEffect(() => {
    if (msLeft !== null && msLeft <= 0) onExpired();
  }, [msLeft, onExpired]);

  return (
    <section aria-labelledby="case-title" className="rounded-lg border border-green-300 bg-green-50 p-5 text-green-950" data-testid="case-banner">
      <h2 id="case-title" className="flex items-center gap-2 text-lg font-semibold">
        <CheckIcon className="h-5 w-5" />
        {t('title', { userName: helpdeskCase.subject })}
      </h2>
      <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        {accountLabel ? (
          <>
            <dt className="font-medium">{t('account')}</dt>
            <dd className="font-semibold break-words" data-testid="case-account">
              {accountLabel}
            </dd>
          </>
        ) : null}
        <dt className="font-medium">{t('ticket')}</dt>
        <dd data-testid="case-ticket">{helpdeskCase.ticket}</dd>
        <dt className="font-medium">{t('method')}</dt>
        <dd>
          <VerificationText verification={helpdeskCase.verification} />
        </dd>
        {helpdeskCase.approvedByName ? (
          <>
            <dt className="font-medium">{t('approvedBy')}</dt>
            <dd data-testid="case-approved-by">{helpdeskCase.approvedByName}</dd>
          </>
        ) : null}
        <dt className="font-medium">{t('expires')}</dt>
        <dd>{minutes === null ? '' : t('expiresIn', { minutes })}</dd>
      </dl>
      <p className="mt-3 text-sm">{t('auditNote')}</p>
      <p className="mt-3">
        <button type="button" className={buttonStyles.small} onClick={onEnd} disabled={ending} aria-busy={ending}>
          {t('end')}
        </button>
      </p>
    </section>
  );
}
