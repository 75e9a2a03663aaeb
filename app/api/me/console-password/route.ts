import { RECENT_SIGN_IN_SECONDS } from '@/lib/auth/rules';
import { getMyConsolePassword, setMyConsolePassword } from '@/lib/credentials/console-password';
import { setConsolePasswordBodySchema } from '@/lib/credentials/console-password-schema';
import { selfServiceRequest } from '@/lib/helpdesk/guided';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route({ access: { user: true } }, ({ who }) => getMyConsolePassword(who));

/** Needs a sign-in at most 5 minutes old: the portal cannot check an old password instead. */
export const PUT = route(
  { access: { freshUser: RECENT_SIGN_IN_SECONDS }, body: setConsolePasswordBodySchema },
  async ({ who, requestId, body }) => {
    await setMyConsolePassword(who, await selfServiceRequest(who, requestId), body.newPassword);
    return new Response(null, { status: 204 });
  },
);

export const { POST, PATCH, DELETE } = methodsNotAllowed('GET', 'PUT');
