import { z } from 'zod';
import { cancelGuidedSession, getGuidedSessionForAgent } from '@/lib/helpdesk/guided';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ id: z.uuid() });

/** Live progress for the agent who started the session (the page polls this). */
export const GET = route({ access: { helpdesk: true }, params }, ({ who, params }) => getGuidedSessionForAgent(who, params.id));

export const DELETE = route({ access: { helpdesk: true }, params }, ({ who, requestId, params }) =>
  cancelGuidedSession(who, requestId, params.id),
);

export const { POST, PUT, PATCH } = methodsNotAllowed('GET', 'DELETE');
