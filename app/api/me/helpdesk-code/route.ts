import { RECENT_SIGN_IN_SECONDS } from '@/lib/auth/rules';
import { helpdeskCodeState, issueHelpdeskCode } from '@/lib/helpdesk/verification';
import { jsonResponse } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/**
 * A fresh six-digit code the person reads out to the help desk to prove it is them. The code
 * lets the help desk set a temporary password and remove an MFA device, so it needs the same
 * recent sign-in as those changes in self-service; the person is told by e-mail (audited).
 */
export const POST = route({ access: { freshUser: RECENT_SIGN_IN_SECONDS } }, async ({ who, requestId }) =>
  jsonResponse(await issueHelpdeskCode(who, requestId), { status: 201 }),
);

/** Whether the person's code still works or the help desk has used it (never the code itself). */
export const GET = route({ access: { user: true } }, ({ who }) => helpdeskCodeState(who));

export const { PUT, PATCH, DELETE } = methodsNotAllowed('GET', 'POST');
