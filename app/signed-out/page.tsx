import { getTranslations } from 'next-intl/server';
import { AppLink } from '@/app/_components/app-link';

export async function generateMetadata() {
  return { title: (await getTranslations('signedOut'))('title') };
}

export default async function SignedOutPage() {
  const t = await getTranslations('signedOut');
  return (
    <main id="main" className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-3 text-slate-700">{t('intro')}</p>
      <p className="mt-6">
        <AppLink href="/signin" className="font-semibold text-blue-700 underline">
          {t('signInAgain')}
        </AppLink>
      </p>
    </main>
  );
}
