import { z } from 'zod';
import { iamUserNameSchema, openCaseBodySchema } from '@/lib/helpdesk/schemas';
import { openCase } from '@/lib/helpdesk/verification';
import { jsonResponse } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ userName: iamUserNameSchema });

/** Verify the person (their code, or another method described) under a ticket. */
export const POST = route(
  { access: { helpdesk: true }, params, body: openCaseBodySchema },
  async ({ who, requestId, params, body }) => {
    const verification = 'code' in body ? { code: body.code } : { otherMethod: body.otherMethod };
    return jsonResponse(await openCase(who, requestId, params.userName, body.ticket, verification), { status: 201 });
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
