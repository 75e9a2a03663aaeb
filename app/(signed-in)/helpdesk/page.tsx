import { getTranslations } from 'next-intl/server';
import { servedAccountLabels } from '@/app/_components/account-picker';
import { ApprovalsList } from '@/app/_components/helpdesk/approvals-list';
import { NotForYou } from '@/app/_components/helpdesk/not-for-you';
import { UserSearch } from '@/app/_components/helpdesk/user-search';
import { requirePagePerson } from '@/lib/auth/pages';

export async function generateMetadata() {
  return { title: (await getTranslations('helpdesk.search'))('title') };
}

export default async function HelpdeskPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Checked here, not only by the API: someone without the role gets an explanation, not a crash.
  const person = await requirePagePerson();
  if (!person.roles.includes('helpdesk') || !person.iamUserName) return <NotForYou />;
  const { q } = await searchParams;
  // With several accounts, each hit and each case names its account.
  const accountLabels = await servedAccountLabels();
  return (
    <div className="space-y-6">
      <UserSearch initialQuery={typeof q === 'string' ? q.slice(0, 64) : ''} accountLabels={accountLabels} />
      <ApprovalsList accountLabels={accountLabels} />
    </div>
  );
}
