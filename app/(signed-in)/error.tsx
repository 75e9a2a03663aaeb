'use client';

import { useTranslations } from 'next-intl';

/**
 * When a signed-in page cannot be built (AWS unreachable, say). In production Next hides the
 * error's details from the browser, so this says only what is safe and offers a retry.
 */
export default function SignedInError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errors');
  return (
    <section role="alert" className="max-w-2xl rounded-lg border border-red-300 bg-red-50 p-6 text-red-950">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-3">{t('internal')}</p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-white px-4 py-2 font-medium text-red-900 ring-1 ring-red-300 hover:bg-red-100">
        {t('retry')}
      </button>
    </section>
  );
}
