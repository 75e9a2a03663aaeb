import { getTranslations } from 'next-intl/server';
import { NotLinked } from '@/app/_components/not-linked';
import { ConsolePasswordManager } from '@/app/_components/password/console-password-manager';
import { requirePagePerson } from '@/lib/auth/pages';
import { getMyConsolePassword } from '@/lib/credentials/console-password';

export async function generateMetadata() {
  return { title: (await getTranslations('password'))('title') };
}

export default async function ConsolePasswordPage() {
  // Checked here too, not only in the layout: a page is its own entry point.
  const person = await requirePagePerson();
  if (!person.iamUserName) return <NotLinked name={person.name} userName={person.userName} />;
  // Status and policy only; whether the sign-in is recent enough is asked by the browser
  // (on arrival and again before a change), since it runs out while the page is open.
  const initial = await getMyConsolePassword({ ...person, iamUserName: person.iamUserName });
  return <ConsolePasswordManager initialData={initial} iamUserName={person.iamUserName} personName={person.name} />;
}
