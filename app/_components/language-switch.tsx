'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_COOKIE, locales, type Locale } from '@/lib/i18n/locales';

const names: Record<Locale, string> = { en: 'English', ja: '日本語' };

/** Remembers the choice in a cookie for a year and re-renders the page in that language. */
export function LanguageSwitch() {
  const t = useTranslations('header');
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(locale: Locale) {
    const secure = window.location.protocol === 'https:' ? '; secure' : '';
    document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax${secure}`;
    startTransition(() => router.refresh());
  }

  return (
    <label className="flex items-center gap-2 text-sm">
      <span>{t('language')}</span>
      <select
        className="rounded border border-slate-300 bg-white px-2 py-1"
        value={current}
        disabled={pending}
        onChange={(event) => choose(event.target.value as Locale)}
      >
        {locales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {names[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
