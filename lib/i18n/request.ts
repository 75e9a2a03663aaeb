import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { LOCALE_COOKIE, TIME_ZONE_COOKIE, pickLocale, pickTimeZone } from './locales';

// next-intl without locale routing: the language is chosen per request, not per URL.
export default getRequestConfig(async () => {
  const jar = await cookies();
  const locale = pickLocale(jar.get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language'));
  return {
    locale,
    timeZone: pickTimeZone(jar.get(TIME_ZONE_COOKIE)?.value),
    messages: (await import(`../../messages/${locale}.json`)).default,
  };
});
