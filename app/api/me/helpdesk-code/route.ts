import { helpdeskCodeState, issueHelpdeskCode } from '@/lib/helpdesk/verification';
import { jsonResponse } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/** A fresh six-digit code the person reads out to the help desk to prove it is them. */
export const POST = route({ access: { user: true } }, async ({ who }) =>
  jsonResponse(await issueHelpdeskCode(who), { status: 201 }),
);

/** Whether the person's code still works or the help desk has used it (never the code itself). */
export const GET = route({ access: { user: true } }, ({ who }) => helpdeskCodeState(who));

export const { PUT, PATCH, DELETE } = methodsNotAllowed('GET', 'POST');
