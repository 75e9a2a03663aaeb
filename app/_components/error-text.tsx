'use client';

import { useTranslations } from 'next-intl';
import { errorCodeOf } from '@/lib/ui/api-error';

/** The translated message for an API error's code (`errors.<code>`), never the server's text. */
export function useErrorText(): (error: unknown) => string {
  const t = useTranslations('errors');
  return (error) => {
    const code = errorCodeOf(error);
    return t.has(code) ? t(code) : t('internal');
  };
}
