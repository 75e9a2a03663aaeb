import { RECENT_SIGN_IN_SECONDS } from '@/lib/auth/rules';
import { createMyAccessKey, listMyAccessKeys } from '@/lib/credentials/access-keys';
import { createAccessKeyBodySchema } from '@/lib/credentials/access-key-schema';
import { selfServiceRequest } from '@/lib/helpdesk/guided';
import { jsonResponse } from '@/lib/http/problem';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = route({ access: { user: true } }, ({ who }) => listMyAccessKeys(who));

/**
 * The one response that ever carries the new secret: never stored, never cached (no-store).
 * A new key outlives the session, so it needs a recent sign-in: a copied session cookie must
 * not be able to leave a long-lived credential behind.
 */
export const POST = route(
  { access: { freshUser: RECENT_SIGN_IN_SECONDS }, body: createAccessKeyBodySchema },
  async ({ who, requestId, body }) =>
    jsonResponse(await createMyAccessKey(who, await selfServiceRequest(who, requestId), body?.description), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed('GET', 'POST');
