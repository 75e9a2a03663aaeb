import { getTranslations } from 'next-intl/server';

/**
 * Shown instead of self-service pages when the sign-in names no AWS user Kagi may serve. It
 * shows the name the person signed in with (not only their display name): that is what the
 * help desk needs to link them.
 */
export async function NotLinked({ name, userName }: { name: string; userName: string }) {
  const t = await getTranslations('notLinked');
  return (
    <section className="max-w-2xl rounded-lg border border-amber-300 bg-amber-50 p-6" aria-labelledby="not-linked-title">
      <h1 id="not-linked-title" className="text-2xl font-semibold">
        {t('title')}
      </h1>
      <p className="mt-3">{name && name !== userName ? t('bodyNamed', { name, userName }) : t('bodySignInName', { userName })}</p>
      <p className="mt-3">{t('nextSignInName', { userName })}</p>
      <p className="mt-3 text-lg">
        {t('signInNameLabel')} <code className="rounded bg-white px-2 py-0.5 font-mono" data-testid="sign-in-name">{userName}</code>
      </p>
    </section>
  );
}
