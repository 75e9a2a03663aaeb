import { z } from 'zod';
import { performHelpdeskAction } from '@/lib/helpdesk/actions';
import { helpdeskActionBodySchema, iamUserNameSchema } from '@/lib/helpdesk/schemas';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ userName: iamUserNameSchema });

/** A temporary password in the answer is shown to the agent once; the answer is never cached. */
export const POST = route(
  { access: { helpdesk: true }, params, body: helpdeskActionBodySchema },
  ({ who, requestId, params, body }) => {
    const { caseId, ...action } = body;
    return performHelpdeskAction(who, requestId, params.userName, caseId, action);
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
