import { useTranslations } from 'next-intl';

/** For people whose AWS user has no console password: what that means and whom to ask. */
export function NoConsolePassword({ iamUserName }: { iamUserName: string }) {
  const t = useTranslations('password');
  return (
    <section aria-labelledby="no-console-title" className="max-w-3xl rounded-lg border border-slate-300 bg-white p-6" data-testid="no-console-password">
      <h2 id="no-console-title" className="text-lg font-semibold">
        {t('noneTitle')}
      </h2>
      <p className="mt-2">{t('noneBodyKeysSeparate', { iamUserName })}</p>
      <p className="mt-2">{t('noneNext')}</p>
    </section>
  );
}
