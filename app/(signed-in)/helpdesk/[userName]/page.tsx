import { getTranslations } from 'next-intl/server';
import { NotForYou } from '@/app/_components/helpdesk/not-for-you';
import { PersonUnavailable } from '@/app/_components/helpdesk/person-unavailable';
import { PersonWorkspace } from '@/app/_components/helpdesk/person-workspace';
import { isAppError } from '@/lib/app-error';
import { requirePagePerson } from '@/lib/auth/pages';
import { findGuidedSessionForCase } from '@/lib/helpdesk/guided';
import { personOverview } from '@/lib/helpdesk/overview';
import { iamUserNameSchema } from '@/lib/helpdesk/schemas';
import { findOpenCase } from '@/lib/helpdesk/verification';

type Params = { params: Promise<{ userName: string }> };

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

export default async function HelpdeskPersonPage({ params }: Params) {
  const person = await requirePagePerson();
  if (!person.roles.includes('helpdesk') || !person.iamUserName) return <NotForYou />;
  const userName = decoded((await params).userName);
  if (!iamUserNameSchema.safeParse(userName).success) return <PersonUnavailable userName={userName} reason="not-found" />;

  const agent = { ...person, iamUserName: person.iamUserName };
  let overview: Awaited<ReturnType<typeof personOverview>>;
  try {
    // personOverview checks the role and whether this agent may help this person itself.
    overview = await personOverview(agent, userName);
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
  // The agent's case with this person, and the guided reset under it, survive a reload.
  const openCase = await findOpenCase(agent, overview.userName);
  const guided = openCase ? await findGuidedSessionForCase(agent, openCase.id) : null;
  // Keyed by person, so nothing of one person’s case can linger on the next person’s page.
  return <PersonWorkspace key={overview.userName} initialOverview={overview} initialCase={openCase} initialGuidedSessionId={guided?.id ?? null} />;
}
