import { issueHelpdeskCode } from '@/lib/helpdesk/verification';
import { jsonResponse } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/** A fresh six-digit code the person reads out to the help desk to prove it is them. */
export const POST = route({ access: { user: true } }, async ({ who }) =>
  jsonResponse(await issueHelpdeskCode(who), { status: 201 }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
