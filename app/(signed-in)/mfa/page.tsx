import { getTranslations } from 'next-intl/server';
import { MfaManager } from '@/app/_components/mfa/mfa-manager';
import { NotLinked } from '@/app/_components/not-linked';
import { requirePagePerson } from '@/lib/auth/pages';
import { listMyMfaDevices } from '@/lib/credentials/mfa-devices';

export async function generateMetadata() {
  return { title: (await getTranslations('mfa'))('title') };
}

export default async function MfaPage() {
  // Checked here too, not only in the layout: a page is its own entry point.
  const person = await requirePagePerson();
  if (!person.iamUserName) return <NotLinked name={person.name} userName={person.userName} />;
  const initial = await listMyMfaDevices({ ...person, iamUserName: person.iamUserName });
  return <MfaManager initialData={initial} />;
}
