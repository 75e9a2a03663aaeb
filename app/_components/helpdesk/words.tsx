'use client';

import { useTranslations } from 'next-intl';
import { isKnownAuditAction } from '@/lib/ui/audit-actions';
import type { Refusal } from '@/lib/ui/helpdesk-search';
import { WarningIcon } from '../keys/icons';

/** An audit action in plain words ("Turned on console sign-in"), for the agent's views. */
export function useActionName(): (action: string) => string {
  const t = useTranslations('helpdesk.actionNames');
  return (action) => (isKnownAuditAction(action) ? t(action) : t('other', { action }));
}

/** Why the agent may not help someone, in words. */
export function useRefusalText(): (refusal: Exclude<Refusal, null>) => string {
  const t = useTranslations('helpdesk.refusal');
  return (refusal) => t(refusal);
}

/** How the person was verified: a code, or another way (weaker, marked as such). */
export function VerificationText({ verification }: { verification: string | null }) {
  const t = useTranslations('helpdesk.verificationMethod');
  if (!verification) return <span className="text-slate-600">—</span>;
  if (verification === 'code') {
    return <span className="inline-flex rounded-full border border-green-300 bg-green-50 px-2 py-0.5 text-green-900">{t('code')}</span>;
  }
  const description = verification.startsWith('other: ') ? verification.slice('other: '.length) : verification;
  return (
    <span className="inline-flex flex-col gap-1">
      <span className="inline-flex w-fit items-center gap-1 rounded-full border border-amber-400 bg-amber-50 px-2 py-0.5 text-amber-950">
        <WarningIcon />
        {t('other')}
      </span>
      <span className="text-slate-800">“{description}”</span>
    </span>
  );
}

// Kept here for the help desk's components; the person's pages import ./controls alone.
export { buttonStyles, inputStyles, useNow } from './controls';
