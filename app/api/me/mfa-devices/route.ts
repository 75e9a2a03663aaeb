import { listMyMfaDevices, startMyMfaEnrolment } from '@/lib/credentials/mfa-devices';
import { createMfaDeviceBodySchema } from '@/lib/credentials/mfa-schema';
import { selfServiceRequest } from '@/lib/helpdesk/guided';
import { jsonResponse } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route({ access: { user: true } }, ({ who }) => listMyMfaDevices(who));

/** The one response that ever carries the seed: never stored, never cached (no-store). */
export const POST = route({ access: { user: true }, body: createMfaDeviceBodySchema }, async ({ who, requestId, body }) =>
  jsonResponse(await startMyMfaEnrolment(who, await selfServiceRequest(who, requestId), body.name), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed('GET', 'POST');
