import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { QueryProvider } from '@/app/_components/query-provider';
import { SiteHeader } from '@/app/_components/site-header';
import { requirePagePerson } from '@/lib/auth/pages';
import { describeError, log } from '@/lib/log';
import { notePreferences } from '@/lib/people/directory';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const person = await requirePagePerson();
  const t = await getTranslations('app');
  if (person.iamUserName) {
    // Not awaited: the page does not wait on a record that only notifications read.
    notePreferences({ iamUserName: person.iamUserName, userName: person.userName }, await getLocale(), await getTimeZone()).catch((error: unknown) =>
      log.warn({ type: 'people', error: describeError(error) }, 'could not note the language and time zone'),
    );
  }
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
        {t('skipToContent')}
      </a>
      <SiteHeader person={person} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 outline-none">
        <QueryProvider>{children}</QueryProvider>
      </main>
    </>
  );
}
