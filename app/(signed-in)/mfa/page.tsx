import { getTranslations } from 'next-intl/server';
import { AccountNotFound } from '@/app/_components/account-not-found';
import { AccountPicker } from '@/app/_components/account-picker';
import { MfaManager } from '@/app/_components/mfa/mfa-manager';
import { NotLinked } from '@/app/_components/not-linked';
import { inPageAccount, requirePageAccount, type SearchParams } from '@/lib/auth/pages';
import { listMyMfaDevices } from '@/lib/credentials/mfa-devices';
import { AccountScope } from '@/lib/ui/account-context';

export async function generateMetadata() {
  return { title: (await getTranslations('mfa'))('title') };
}

export default async function MfaPage({ searchParams }: { searchParams: SearchParams }) {
  // Checked here too, not only in the layout: a page is its own entry point.
  const { person, account, unknown } = await requirePageAccount(searchParams);
  if (unknown) return <AccountNotFound accounts={person.accounts} path="/mfa" />;
  if (!account) return <NotLinked name={person.name} userName={person.userName} />;
  const initial = await inPageAccount(account, () => listMyMfaDevices({ ...person, iamUserName: account.iamUserName }));
  return (
    <AccountScope accountId={account.id}>
      <AccountPicker accounts={person.accounts} current={account.id} path="/mfa" />
      <MfaManager initialData={initial} />
    </AccountScope>
  );
}
