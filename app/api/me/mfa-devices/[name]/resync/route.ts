import { z } from 'zod';
import { resyncMyMfaDevice } from '@/lib/credentials/mfa-devices';
import { mfaCodesBodySchema, mfaDeviceNameSchema } from '@/lib/credentials/mfa-schema';
import { selfServiceRequest } from '@/lib/helpdesk/guided';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ name: mfaDeviceNameSchema });

/** Two codes in a row from a device whose clock drifted: IAM learns its clock again. */
export const POST = route({ access: { user: true }, params, body: mfaCodesBodySchema }, async ({ who, requestId, params, body }) =>
  resyncMyMfaDevice(who, await selfServiceRequest(who, requestId), params.name, body),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
