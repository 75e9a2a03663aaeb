/** Languages Kagi speaks. English is the fallback. Shared by server and browser code. */
export const locales = ['en', 'ja'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

/** The cookie that remembers the person's choice of language. */
export const LOCALE_COOKIE = 'kagi-locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * The cookie wins; then the browser's Accept-Language, in its order of preference
 * (q-values honoured); then English.
 */
export function pickLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  const preferences = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((p) => p.language && Number.isFinite(p.q) && p.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return preferences.map((p) => p.language).find(isLocale) ?? defaultLocale;
}

/** The cookie with the browser's time zone, so server-rendered dates match the person's clock. */
export const TIME_ZONE_COOKIE = 'kagi-tz';

/** An IANA time zone the runtime knows, or UTC. */
export function pickTimeZone(cookieValue: string | undefined): string {
  if (!cookieValue || cookieValue.length > 64) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: cookieValue });
    return cookieValue;
  } catch {
    return 'UTC';
  }
}
