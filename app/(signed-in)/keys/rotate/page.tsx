import { getTranslations } from 'next-intl/server';
import { AccountNotFound } from '@/app/_components/account-not-found';
import { AccountPicker } from '@/app/_components/account-picker';
import { RotationFlow } from '@/app/_components/keys/rotation-flow';
import { NotLinked } from '@/app/_components/not-linked';
import { inPageAccount, requirePageAccount, type SearchParams } from '@/lib/auth/pages';
import { accessKeyIdSchema } from '@/lib/credentials/access-key-schema';
import { listMyAccessKeys } from '@/lib/credentials/access-keys';
import { AccountScope } from '@/lib/ui/account-context';

export async function generateMetadata() {
  return { title: (await getTranslations('rotate'))('title') };
}

/** `?key=` may name the key to replace (a key ID is not a secret); every other step lives in the page's state. */
export default async function RotateKeyPage({ searchParams }: { searchParams: SearchParams }) {
  const { person, account, unknown } = await requirePageAccount(searchParams);
  if (unknown) return <AccountNotFound accounts={person.accounts} path="/keys/rotate" />;
  if (!account) return <NotLinked name={person.name} userName={person.userName} />;
  const params = await searchParams;
  const preselect = accessKeyIdSchema.safeParse(params.key);
  const initial = await inPageAccount(account, () => listMyAccessKeys({ ...person, iamUserName: account.iamUserName }));
  return (
    <AccountScope accountId={account.id}>
      {/* Another account's picker link leaves `?key=` behind: a key belongs to one account. */}
      <AccountPicker accounts={person.accounts} current={account.id} path="/keys/rotate" />
      <RotationFlow initialData={initial} preselect={preselect.success ? preselect.data : null} />
    </AccountScope>
  );
}
