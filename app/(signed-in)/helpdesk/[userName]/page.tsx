import { getTranslations } from 'next-intl/server';
import { NotForYou } from '@/app/_components/helpdesk/not-for-you';
import { PersonUnavailable } from '@/app/_components/helpdesk/person-unavailable';
import { PersonWorkspace } from '@/app/_components/helpdesk/person-workspace';
import { isAppError } from '@/lib/app-error';
import { requirePagePerson } from '@/lib/auth/pages';
import { personOverview } from '@/lib/helpdesk/overview';
import { iamUserNameSchema } from '@/lib/helpdesk/schemas';

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

  let overview: Awaited<ReturnType<typeof personOverview>>;
  try {
    // personOverview checks the role and whether this agent may help this person itself.
    overview = await personOverview({ ...person, iamUserName: person.iamUserName }, userName);
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
  return <PersonWorkspace initialOverview={overview} />;
}
