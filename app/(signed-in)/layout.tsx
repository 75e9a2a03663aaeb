import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { QueryProvider } from '@/app/_components/query-provider';
import { SiteHeader } from '@/app/_components/site-header';
import { requirePagePerson } from '@/lib/auth/pages';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const person = await requirePagePerson();
  const t = await getTranslations('app');
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
