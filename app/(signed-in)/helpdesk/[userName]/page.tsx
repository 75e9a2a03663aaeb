import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { accountLabel } from '@/app/_components/account-picker';
import { NotForYou } from '@/app/_components/helpdesk/not-for-you';
import { PersonUnavailable } from '@/app/_components/helpdesk/person-unavailable';
import { PersonWorkspace } from '@/app/_components/helpdesk/person-workspace';
import { servesSeveralAccounts } from '@/lib/accounts';
import { isAppError } from '@/lib/app-error';
import { helpdeskPageAccount, inHelpdeskPageAccount, requirePagePerson, type SearchParams } from '@/lib/auth/pages';
import { findGuidedSessionForCase } from '@/lib/helpdesk/guided';
import { personOverview } from '@/lib/helpdesk/overview';
import { otherAccountsOf } from '@/lib/helpdesk/people';
import { iamUserNameSchema } from '@/lib/helpdesk/schemas';
import { findOpenCase } from '@/lib/helpdesk/verification';
import { AccountScope } from '@/lib/ui/account-context';

type Params = { params: Promise<{ userName: string }>; searchParams: SearchParams };

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Params) {
  const { userName } = await params;
  return { title: (await getTranslations('helpdesk.person'))('title', { userName: decoded(userName) }) };
}

export default async function HelpdeskPersonPage({ params, searchParams }: Params) {
  const person = await requirePagePerson();
  if (!person.roles.includes('helpdesk') || !person.iamUserName) return <NotForYou />;
  // Any account Kagi serves (the help desk helps in all of them); one it does not: not found.
  const account = await helpdeskPageAccount(searchParams);
  if (!account) notFound();
  const userName = decoded((await params).userName);
  if (!iamUserNameSchema.safeParse(userName).success) return <PersonUnavailable userName={userName} reason="not-found" />;

  const agent = { ...person, iamUserName: person.iamUserName };
  // Everything below runs in the page's account, on the agent's behalf, as the API routes do.
  const inPage = <T,>(work: () => Promise<T>) => inHelpdeskPageAccount(account, agent.iamUserName, work);
  let overview: Awaited<ReturnType<typeof personOverview>>;
  try {
    // personOverview checks the role and whether this agent may help this person itself.
    overview = await inPage(() => personOverview(agent, userName));
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'not-found') return <PersonUnavailable userName={userName} reason="not-found" />;
    if (error.code === 'forbidden') {
      const reason = error.extra?.reason;
      // Without a reason, IAM would not even show Kagi this user: unknown, or outside Kagi's path.
      return <PersonUnavailable userName={userName} reason={reason === 'self' || reason === 'protected' || reason === 'outside-path' ? reason : 'unknown'} />;
    }
    const tErrors = await getTranslations('errors');
    return <PersonUnavailable userName={userName} reason="error" errorMessage={tErrors.has(error.code) ? tErrors(error.code) : tErrors('internal')} />;
  }
  // The agent's case with this person in this account, and the guided reset under it, survive a reload.
  const openCase = await inPage(() => findOpenCase(agent, overview.userName));
  const guided = openCase ? await inPage(() => findGuidedSessionForCase(agent, openCase.id)) : null;

  // With several accounts the page names its account, and offers the person's other ones.
  const several = servesSeveralAccounts() && account.id !== null;
  const accountId = several ? account.id : null;
  const shownAccount = several ? await accountLabel(account) : null;
  const others = several ? await otherAccountsOf(agent, overview.userName, account) : [];
  const otherAccounts = await Promise.all(others.map(async (other) => ({ id: other.id ?? '', label: await accountLabel(other) })));

  // Keyed by account and person, so nothing of one case can linger on the next page.
  return (
    <AccountScope accountId={accountId}>
      <PersonWorkspace
        key={`${accountId ?? ''}/${overview.userName}`}
        initialOverview={overview}
        initialCase={openCase}
        initialGuidedSessionId={guided?.id ?? null}
        accountLabel={shownAccount}
        otherAccounts={otherAccounts}
      />
    </AccountScope>
  );
}
