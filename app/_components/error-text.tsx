'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { errorCodeOf } from '@/lib/ui/api-error';

/** The translated message for an API error's code (`errors.<code>`), never the server's text. */
export function useErrorText(): (error: unknown) => string {
  const t = useTranslations('errors');
  return (error) => {
    const code = errorCodeOf(error);
    return t.has(code) ? t(code) : t('internal');
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
