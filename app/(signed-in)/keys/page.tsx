import { getTranslations } from 'next-intl/server';
import { AccessKeysManager } from '@/app/_components/keys/access-keys-manager';
import { NotLinked } from '@/app/_components/not-linked';
import { requirePagePerson } from '@/lib/auth/pages';
import { listMyAccessKeys } from '@/lib/credentials/access-keys';

export async function generateMetadata() {
  return { title: (await getTranslations('keys'))('title') };
}

export default async function AccessKeysPage() {
  const person = await requirePagePerson();
  if (!person.iamUserName) return <NotLinked name={person.name} userName={person.userName} />;
  // Rendered with the list already in it; the browser keeps it fresh with react-query.
  const initial = await listMyAccessKeys({ ...person, iamUserName: person.iamUserName });
  return <AccessKeysManager initialData={initial} />;
}
