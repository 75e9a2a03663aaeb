import { getTranslations } from 'next-intl/server';

/** Shown instead of self-service pages when the sign-in names no AWS user Kagi may serve. */
export async function NotLinked({ name }: { name: string }) {
  const t = await getTranslations('notLinked');
  return (
    <section className="max-w-2xl rounded-lg border border-amber-300 bg-amber-50 p-6" aria-labelledby="not-linked-title">
      <h1 id="not-linked-title" className="text-2xl font-semibold">
        {t('title')}
      </h1>
      <p className="mt-3">{t('body', { name })}</p>
      <p className="mt-3">{t('next')}</p>
    </section>
  );
}
