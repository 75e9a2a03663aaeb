import { z } from 'zod';
import { deleteMyAccessKey, setMyAccessKeyStatus } from '@/lib/credentials/access-keys';
import { accessKeyIdSchema, updateAccessKeyBodySchema } from '@/lib/credentials/access-key-schema';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const params = z.strictObject({ accessKeyId: accessKeyIdSchema });

export const PATCH = route(
  { access: { user: true }, params, body: updateAccessKeyBodySchema },
  ({ who, requestId, params, body }) => setMyAccessKeyStatus(who, requestId, params.accessKeyId, body.status),
);

export const DELETE = route({ access: { user: true }, params }, async ({ who, requestId, params }) => {
  await deleteMyAccessKey(who, requestId, params.accessKeyId);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT } = methodsNotAllowed('PATCH', 'DELETE');
