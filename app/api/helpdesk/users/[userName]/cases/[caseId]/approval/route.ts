import { z } from 'zod';
import { iamUserNameSchema } from '@/lib/helpdesk/schemas';
import { approveCase } from '@/lib/helpdesk/verification';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ userName: iamUserNameSchema, caseId: z.uuid() });

/** A second help-desk member approves a case opened "another way" (409 approval-not-allowed for its own agent). */
export const POST = route({ access: { helpdesk: true }, params }, ({ who, requestId, params }) => approveCase(who, requestId, params.userName, params.caseId));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
