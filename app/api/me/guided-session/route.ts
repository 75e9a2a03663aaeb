import { getMyGuidedSession } from '@/lib/helpdesk/guided';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/** The person's open guided reset, started for them by the help desk, with their progress. */
export const GET = route({ access: { user: true } }, async ({ who }) => ({ session: await getMyGuidedSession(who) }));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
