import { startGuidedSession } from '@/lib/helpdesk/guided';
import { startGuidedSessionBodySchema } from '@/lib/helpdesk/schemas';
import { jsonResponse } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = route(
  { access: { helpdesk: true }, body: startGuidedSessionBodySchema },
  async ({ who, requestId, body }) =>
    jsonResponse(await startGuidedSession(who, requestId, body.userName, body.caseId, body.steps), { status: 201 }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
