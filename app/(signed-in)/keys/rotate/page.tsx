import { getTranslations } from 'next-intl/server';
import { RotationFlow } from '@/app/_components/keys/rotation-flow';
import { NotLinked } from '@/app/_components/not-linked';
import { requirePagePerson } from '@/lib/auth/pages';
import { accessKeyIdSchema } from '@/lib/credentials/access-key-schema';
import { listMyAccessKeys } from '@/lib/credentials/access-keys';

export async function generateMetadata() {
  return { title: (await getTranslations('rotate'))('title') };
}

/** `?key=` may name the key to replace (a key ID is not a secret); every other step lives in the page's state. */
export default async function RotateKeyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePagePerson();
  if (!person.iamUserName) return <NotLinked name={person.name} userName={person.userName} />;
  const params = await searchParams;
  const preselect = accessKeyIdSchema.safeParse(params.key);
  const initial = await listMyAccessKeys({ ...person, iamUserName: person.iamUserName });
  return <RotationFlow initialData={initial} preselect={preselect.success ? preselect.data : null} />;
}
