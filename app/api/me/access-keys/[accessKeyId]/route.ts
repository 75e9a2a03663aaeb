import { z } from 'zod';
import { deleteMyAccessKey, renameMyAccessKey, setMyAccessKeyStatus } from '@/lib/credentials/access-keys';
import { accessKeyIdSchema, updateAccessKeyBodySchema } from '@/lib/credentials/access-key-schema';
import { selfServiceRequest } from '@/lib/helpdesk/guided';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ accessKeyId: accessKeyIdSchema });

export const PATCH = route(
  { access: { user: true }, params, body: updateAccessKeyBodySchema },
  async ({ who, requestId, params, body }) => {
    const request = await selfServiceRequest(who, requestId);
    if ('status' in body) return setMyAccessKeyStatus(who, request, params.accessKeyId, body.status);
    return renameMyAccessKey(who, request, params.accessKeyId, body.description);
  },
);

export const DELETE = route({ access: { user: true }, params }, async ({ who, requestId, params }) => {
  await deleteMyAccessKey(who, await selfServiceRequest(who, requestId), params.accessKeyId);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT } = methodsNotAllowed('PATCH', 'DELETE');
