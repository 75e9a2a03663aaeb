import { z } from 'zod';
import { performHelpdeskAction } from '@/lib/helpdesk/actions';
import { helpdeskActionBodySchema, iamUserNameSchema } from '@/lib/helpdesk/schemas';
import { route } from '@/lib/http/route';

const params = z.strictObject({ userName: iamUserNameSchema });

/** A temporary password in the answer is shown to the agent once; the answer is never cached. */
export const POST = route(
  { access: { helpdesk: true }, params, body: helpdeskActionBodySchema },
  ({ who, requestId, params, body }) => {
    const { caseId, ...action } = body;
    return performHelpdeskAction(who, requestId, params.userName, caseId, action);
  },
);
