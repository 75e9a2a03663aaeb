'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { isKnownAuditAction, type Refusal } from '@/lib/ui/helpdesk';
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

/** The time now, updated every `intervalMs`: for countdowns. Null until mounted (no hydration mismatch). */
export function useNow(intervalMs = 1_000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = window.setInterval(tick, intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export const buttonStyles = {
  primary:
    'inline-flex items-center justify-center gap-2 rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:bg-slate-400',
  secondary:
    'inline-flex items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-500',
  danger:
    'inline-flex items-center justify-center gap-2 rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:bg-slate-400',
  dangerOutline:
    'inline-flex items-center justify-center gap-2 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 disabled:cursor-not-allowed disabled:text-slate-500',
  small:
    'inline-flex items-center justify-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-500',
} as const;

export const inputStyles =
  'mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 text-base text-slate-900 focus:border-blue-700 focus:outline-none focus:ring-2 focus:ring-blue-700 aria-[invalid=true]:border-red-700';
