import { z } from 'zod';
import { iamUserNameSchema } from '@/lib/helpdesk/schemas';
import { endCase, requireOwnCase } from '@/lib/helpdesk/verification';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ userName: iamUserNameSchema, caseId: z.uuid() });

/** The agent's own open case (the page polls it while a second agent's approval is awaited). */
export const GET = route({ access: { helpdesk: true }, params }, ({ who, params }) => requireOwnCase(who, params.caseId, params.userName));

/** End the agent's case with this person now (409 case-expired when it is not open). */
export const DELETE = route({ access: { helpdesk: true }, params }, async ({ who, requestId, params }) => {
  await endCase(who, requestId, params.userName, params.caseId);
  return new Response(null, { status: 204 });
});

export const { POST, PUT, PATCH } = methodsNotAllowed('GET', 'DELETE');
