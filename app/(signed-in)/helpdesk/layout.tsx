import type { ReactNode } from 'react';
import { HelpdeskTabs } from '@/app/_components/helpdesk/helpdesk-tabs';
import { requirePagePerson } from '@/lib/auth/pages';

/** Adds the help desk's own tabs for agents; each page checks the role itself too. */
export default async function HelpdeskLayout({ children }: { children: ReactNode }) {
  const person = await requirePagePerson();
  return (
    <>
      {person.roles.includes('helpdesk') && person.iamUserName ? <HelpdeskTabs /> : null}
      {children}
    </>
  );
}
