import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { SignInButton } from '@/app/_components/sign-in-button';
import { LINK_TAKEN_ERROR } from '@/lib/auth/options';
import { safeCallbackPath } from '@/lib/auth/rules';
import { getSession } from '@/lib/auth/session';
import { config } from '@/lib/config';

export async function generateMetadata() {
  return { title: (await getTranslations('signIn'))('title') };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(
    typeof params.callbackUrl === 'string' ? params.callbackUrl : null,
    new URL(config().NEXTAUTH_URL).origin,
  );
  if (await getSession()) redirect(callbackUrl);

  const t = await getTranslations('signIn');
  const error = typeof params.error === 'string' ? params.error : null;
  return (
    <main id="main" className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-3 text-slate-700">{t('intro')}</p>
      {error ? (
        <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {error === LINK_TAKEN_ERROR ? t('errorLinkTaken') : error === 'AccessDenied' ? t('errorAccessDenied') : t('errorGeneric')}
        </p>
      ) : null}
      <div className="mt-6">
        <SignInButton callbackUrl={callbackUrl} label={t('button')} busyLabel={t('redirecting')} />
      </div>
    </main>
  );
}
