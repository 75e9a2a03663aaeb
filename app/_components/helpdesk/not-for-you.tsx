import { getTranslations } from 'next-intl/server';
import { AppLink } from '../app-link';

/** What someone without the help-desk role sees on a help-desk page: a plain explanation, not an error. */
export async function NotForYou() {
  const t = await getTranslations('helpdesk.notForYou');
  return (
    <section className="max-w-2xl rounded-lg border border-slate-200 bg-white p-6" aria-labelledby="not-for-you-title">
      <h1 id="not-for-you-title" className="text-2xl font-semibold">
        {t('title')}
      </h1>
      <p className="mt-3">{t('body')}</p>
      <p className="mt-3">{t('needHelp')}</p>
      <p className="mt-4">
        <AppLink href="/" className="font-semibold text-blue-700 underline hover:text-blue-900">
          {t('home')}
        </AppLink>
      </p>
    </section>
  );
}
