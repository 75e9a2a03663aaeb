'use client';

import { useTranslations } from 'next-intl';
import { CheckIcon, ClockIcon, WarningIcon } from './keys/icons';

/** An audit entry's outcome in words, with an icon as an extra cue only (not colour alone). */
export function AuditOutcome({ outcome }: { outcome: string }) {
  const t = useTranslations('activity');
  const tErrors = useTranslations('errors');
  if (outcome === 'ok') {
    return (
      <span className="inline-flex items-center gap-1.5 text-green-800">
        <CheckIcon />
        {t('outcomeOk')}
      </span>
    );
  }
  if (outcome === 'pending' || outcome === 'interrupted') {
    return (
      <span className="inline-flex items-center gap-1.5 text-slate-700">
        <ClockIcon />
        {t(outcome === 'pending' ? 'outcomePending' : 'outcomeInterrupted')}
      </span>
    );
  }
  if (outcome === 'unconfirmed') {
    return (
      <span className="inline-flex items-start gap-1.5 text-amber-900">
        <WarningIcon className="mt-0.5" />
        <span>{t('outcomeUnconfirmed')}</span>
      </span>
    );
  }
  return (
    <span className="inline-flex items-start gap-1.5 text-red-800">
      <WarningIcon className="mt-0.5" />
      <span>{t('outcomeFailed', { reason: tErrors.has(outcome) ? tErrors(outcome) : tErrors('internal') })}</span>
    </span>
  );
}
