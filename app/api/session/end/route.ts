import { getToken } from 'next-auth/jwt';
import { z } from 'zod';
import { AppError } from '@/lib/app-error';
import { endSessionOnServer } from '@/lib/auth/sign-out';
import { config } from '@/lib/config';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const body = z.strictObject({ everywhere: z.boolean().optional() }).optional();

/**
 * Ends Kagi's session on the server (with `everywhere`, every session of the person), then
 * says where to send the browser after next-auth has cleared the cookie, so that the identity
 * provider's own session ends too (OpenID Connect RP-initiated logout), when it supports that.
 */
export const POST = route({ access: { signedIn: true }, body }, async ({ request, requestId, body }) => {
  const cfg = config();
  const token = await getToken({ req: request as Parameters<typeof getToken>[0]['req'], secret: cfg.NEXTAUTH_SECRET });
  if (!token) throw new AppError('unauthenticated');
  await endSessionOnServer(token, { everywhere: body?.everywhere ?? false, requestId });
  const signedOut = `${new URL(cfg.NEXTAUTH_URL).origin}/signed-out`;
  const discovery = await fetch(`${cfg.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(3_000),
  })
    .then((res) => (res.ok ? (res.json() as Promise<{ end_session_endpoint?: string }>) : null))
    .catch(() => null);
  if (!discovery?.end_session_endpoint) return { url: signedOut };

  const url = new URL(discovery.end_session_endpoint);
  // Some providers (Okta) require the ID token as a hint; it never reaches the browser otherwise.
  if (typeof token.idToken === 'string') url.searchParams.set('id_token_hint', token.idToken);
  url.searchParams.set('client_id', cfg.OIDC_CLIENT_ID);
  url.searchParams.set('post_logout_redirect_uri', signedOut);
  return { url: url.toString() };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
