'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ApiError, errorCodeOf } from '@/lib/ui/api-error';

/**
 * The translated message for an API error's code (`errors.<code>`), never the server's text.
 * A rate limit says when the next try is possible, in the person's time zone.
 */
export function useErrorText(): (error: unknown) => string {
  const t = useTranslations('errors');
  const retryTime = useRetryTime();
  return (error) => {
    const code = errorCodeOf(error);
    const time = code === 'rate-limited' ? retryTime(error) : null;
    if (time) return t('rate-limited-until', { time });
    return t.has(code) ? t(code) : t('internal');
  };
}

/**
 * When a refused request may be tried again (its problem's `retryAfter`, in seconds), as a
 * time in the person's time zone, with the date when it is not today; null when not said.
 */
export function useRetryTime(): (error: unknown) => string | null {
  const format = useFormatter();
  return (error) => {
    if (!(error instanceof ApiError) || typeof error.problem.retryAfter !== 'number') return null;
    const at = new Date(Date.now() + error.problem.retryAfter * 1000);
    const sameDay = format.dateTime(at, { dateStyle: 'short' }) === format.dateTime(new Date(), { dateStyle: 'short' });
    return format.dateTime(at, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' });
  };
}

/** A problem the person should read now: announced by screen readers, red but worded. */
export function ErrorAlert({ children, className = '', id }: { children: ReactNode; className?: string; id?: string }) {
  return (
    <p id={id} role="alert" className={`rounded-md border border-red-300 bg-red-50 p-3 text-red-900 ${className}`.trim()}>
      {children}
    </p>
  );
}
