import { getTranslations } from 'next-intl/server';
import { AccountNotFound } from '@/app/_components/account-not-found';
import { AccountPicker } from '@/app/_components/account-picker';
import { AccessKeysManager } from '@/app/_components/keys/access-keys-manager';
import { NotLinked } from '@/app/_components/not-linked';
import { inPageAccount, requirePageAccount, type SearchParams } from '@/lib/auth/pages';
import { listMyAccessKeys } from '@/lib/credentials/access-keys';
import { AccountScope } from '@/lib/ui/account-context';

export async function generateMetadata() {
  return { title: (await getTranslations('keys'))('title') };
}

export default async function AccessKeysPage({ searchParams }: { searchParams: SearchParams }) {
  const { person, account, unknown } = await requirePageAccount(searchParams);
  if (unknown) return <AccountNotFound accounts={person.accounts} path="/keys" />;
  if (!account) return <NotLinked name={person.name} userName={person.userName} />;
  // Rendered with the list already in it; the browser keeps it fresh with react-query.
  const initial = await inPageAccount(account, () => listMyAccessKeys({ ...person, iamUserName: account.iamUserName }));
  return (
    <AccountScope accountId={account.id}>
      <AccountPicker accounts={person.accounts} current={account.id} path="/keys" />
      <AccessKeysManager initialData={initial} />
    </AccountScope>
  );
}
