import { getTranslations } from 'next-intl/server';
import { AccountNotFound } from '@/app/_components/account-not-found';
import { AccountPicker, accountLabel } from '@/app/_components/account-picker';
import { ActivityList } from '@/app/_components/activity/activity-list';
import { NotLinked } from '@/app/_components/not-linked';
import { inPageAccount, requirePageAccount, type SearchParams } from '@/lib/auth/pages';
import { listMyActivity } from '@/lib/audit/activity';
import { AccountScope } from '@/lib/ui/account-context';
import { ACTIVITY_PAGE_SIZE } from '@/lib/ui/activity';

export async function generateMetadata() {
  return { title: (await getTranslations('activity'))('title') };
}

export default async function ActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const { person, account, unknown, several } = await requirePageAccount(searchParams);
  if (unknown) return <AccountNotFound accounts={person.accounts} path="/activity" />;
  if (!account) return <NotLinked name={person.name} userName={person.userName} />;
  const entries = await inPageAccount(account, () => listMyActivity({ ...person, iamUserName: account.iamUserName }, { limit: ACTIVITY_PAGE_SIZE }));
  // With several accounts every line names its account (each entry carries `accountId`).
  const accountNames = several ? Object.fromEntries(await Promise.all(person.accounts.map(async (a) => [a.id ?? '', await accountLabel(a)] as const))) : null;
  return (
    <AccountScope accountId={account.id}>
      <AccountPicker accounts={person.accounts} current={account.id} path="/activity" />
      <ActivityList initialData={{ entries }} accountNames={accountNames} />
    </AccountScope>
  );
}
