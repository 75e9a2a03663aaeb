import { getTranslations } from 'next-intl/server';
import { SignInButton } from '@/app/_components/sign-in-button';
import { safeCallbackPath } from '@/lib/auth/rules';
import { config } from '@/lib/config';

export async function generateMetadata() {
  return { title: (await getTranslations('reauth'))('title') };
}

/** A forced new sign-in for steps that need a recent one; returns to where the person was. */
export default async function ReauthPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(
    typeof params.callbackUrl === 'string' ? params.callbackUrl : null,
    new URL(config().NEXTAUTH_URL).origin,
  );
  const t = await getTranslations('reauth');
  const tSignIn = await getTranslations('signIn');
  return (
    <main id="main" className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-3 text-slate-700">{t('intro')}</p>
      <div className="mt-6">
        <SignInButton callbackUrl={callbackUrl} label={t('button')} busyLabel={tSignIn('redirecting')} forceLogin auto />
      </div>
    </main>
  );
}
