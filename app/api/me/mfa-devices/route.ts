import { RECENT_SIGN_IN_SECONDS } from '@/lib/auth/rules';
import { listMyMfaDevices, startMyMfaEnrolment } from '@/lib/credentials/mfa-devices';
import { createMfaDeviceBodySchema } from '@/lib/credentials/mfa-schema';
import { selfServiceRequest } from '@/lib/helpdesk/guided';
import { jsonResponse } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route({ access: { user: true } }, ({ who }) => listMyMfaDevices(who));

/**
 * The one response that ever carries the seed: never stored, never cached (no-store). Starting
 * a set-up needs a recent sign-in (a copied session must not add an MFA device of its own);
 * finishing it (PUT …/:name with the codes) needs only the set-up this sign-in started, so one
 * sign-in covers the whole set-up, however long the person takes within its 10 minutes.
 */
export const POST = route({ access: { freshUser: RECENT_SIGN_IN_SECONDS }, body: createMfaDeviceBodySchema }, async ({ who, requestId, body }) =>
  jsonResponse(await startMyMfaEnrolment(who, await selfServiceRequest(who, requestId), body.name), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed('GET', 'POST');
