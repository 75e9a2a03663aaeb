import { getTranslations } from 'next-intl/server';
import { AppLink } from '../app-link';

export type Unavailable = 'self' | 'protected' | 'outside-path' | 'not-found' | 'unknown' | 'error';

/** Why this person's page cannot be shown to this agent, in words, with the way back. */
export async function PersonUnavailable({ userName, reason, errorMessage }: { userName: string; reason: Unavailable; errorMessage?: string }) {
  const t = await getTranslations('helpdesk.unavailable');
  const tRefusal = await getTranslations('helpdesk.refusal');
  const body =
    reason === 'not-found'
      ? t('notFound', { userName })
      : reason === 'unknown'
        ? t('unknown', { userName })
        : reason === 'error'
          ? (errorMessage ?? '')
          : tRefusal(reason);
  return (
    <section className="max-w-2xl rounded-lg border border-amber-300 bg-amber-50 p-6" aria-labelledby="unavailable-title">
      <h1 id="unavailable-title" className="text-2xl font-semibold">
        {reason === 'not-found' || reason === 'unknown' ? t('notFoundTitle') : reason === 'error' ? t('errorTitle') : t('title', { userName })}
      </h1>
      <p className="mt-3">{body}</p>
      <p className="mt-4">
        <AppLink href="/helpdesk" className="font-semibold text-blue-700 underline hover:text-blue-900">
          {t('back')}
        </AppLink>
      </p>
    </section>
  );
}
