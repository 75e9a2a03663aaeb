import { listCasesAwaitingApproval } from '@/lib/helpdesk/verification';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/** Cases other agents opened "another way", waiting for a second pair of eyes. */
export const GET = route({ access: { helpdesk: true } }, async ({ who }) => ({ cases: await listCasesAwaitingApproval(who) }));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
