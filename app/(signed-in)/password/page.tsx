import { getTranslations } from 'next-intl/server';
import { AccountNotFound } from '@/app/_components/account-not-found';
import { AccountPicker } from '@/app/_components/account-picker';
import { NotLinked } from '@/app/_components/not-linked';
import { ConsolePasswordManager } from '@/app/_components/password/console-password-manager';
import { inPageAccount, requirePageAccount, type SearchParams } from '@/lib/auth/pages';
import { getMyConsolePassword } from '@/lib/credentials/console-password';
import { AccountScope } from '@/lib/ui/account-context';

export async function generateMetadata() {
  return { title: (await getTranslations('password'))('title') };
}

export default async function ConsolePasswordPage({ searchParams }: { searchParams: SearchParams }) {
  // Checked here too, not only in the layout: a page is its own entry point.
  const { person, account, unknown } = await requirePageAccount(searchParams);
  if (unknown) return <AccountNotFound accounts={person.accounts} path="/password" />;
  if (!account) return <NotLinked name={person.name} userName={person.userName} />;
  // Status and policy only; whether the sign-in is recent enough is asked by the browser
  // (on arrival and again before a change), since it runs out while the page is open.
  const initial = await inPageAccount(account, () => getMyConsolePassword({ ...person, iamUserName: account.iamUserName }));
  return (
    <AccountScope accountId={account.id}>
      <AccountPicker accounts={person.accounts} current={account.id} path="/password" />
      <ConsolePasswordManager initialData={initial} iamUserName={account.iamUserName} personName={person.name} />
    </AccountScope>
  );
}
