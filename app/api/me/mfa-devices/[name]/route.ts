import { z } from 'zod';
import { RECENT_SIGN_IN_SECONDS } from '@/lib/auth/rules';
import { requireFreshAuth } from '@/lib/auth/session';
import { abandonMyMfaEnrolment, enableMyMfaDevice, isMyOpenEnrolment, removeMyMfaDevice } from '@/lib/credentials/mfa-devices';
import { mfaCodesBodySchema, mfaDeviceNameSchema } from '@/lib/credentials/mfa-schema';
import { selfServiceRequest } from '@/lib/helpdesk/guided';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ name: mfaDeviceNameSchema });

/** Finishes a set-up with two codes in a row: 200 with the device; 400 `invalid-code`. */
export const PUT = route({ access: { user: true }, params, body: mfaCodesBodySchema }, async ({ who, requestId, params, body }) =>
  enableMyMfaDevice(who, await selfServiceRequest(who, requestId), params.name, body),
);

/**
 * Cancels an unfinished set-up, or removes a device in use. Removing takes a sign-in at most
 * 5 minutes old, as for a password: whoever has the session alone must not strip the MFA.
 */
export const DELETE = route({ access: { user: true }, params }, async ({ who, requestId, params }) => {
  const request = await selfServiceRequest(who, requestId);
  if (await isMyOpenEnrolment(who, params.name)) {
    await abandonMyMfaEnrolment(who, request, params.name);
  } else {
    await requireFreshAuth(RECENT_SIGN_IN_SECONDS);
    await removeMyMfaDevice(who, request, params.name);
  }
  return new Response(null, { status: 204 });
});

export const { GET, POST, PATCH } = methodsNotAllowed('PUT', 'DELETE');
