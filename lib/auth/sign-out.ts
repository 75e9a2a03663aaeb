import 'server-only';
import type { JWT } from 'next-auth/jwt';
import { audited } from '@/lib/audit';
import { config } from '@/lib/config';
import { providerEndpoints } from './oidc-discovery';
import { revokeAllSessions, revokeSession } from './revocation';

/**
 * Ends the session on the server before the browser forgets its cookie, so a copy of the
 * cookie stops working too. "Everywhere" ends every session of the person, on every
 * computer, and is audited: it is what someone does who fears their sign-in was taken.
 */
export async function endSessionOnServer(token: JWT, options: { everywhere: boolean; requestId: string }): Promise<void> {
  if (!options.everywhere) return revokeSession(token);
  const actor = token.iamUserName ?? token.userName ?? token.sub ?? '';
  await audited(
    { requestId: options.requestId, actor, actorName: token.name ?? actor, subject: actor, action: 'sessions.end-all' },
    () => revokeAllSessions(token, 'sign-out-everywhere'),
  );
}

/**
 * Where to send the browser once next-auth has cleared the cookie, so that the identity
 * provider's own session ends too (OpenID Connect RP-initiated logout), when it supports that.
 */
export async function signedOutDestination(token: JWT): Promise<string> {
  const cfg = config();
  const signedOut = `${new URL(cfg.NEXTAUTH_URL).origin}/signed-out`;
  const endSession = (await providerEndpoints())?.end_session_endpoint;
  if (!endSession) return signedOut;
  const url = new URL(endSession);
  // Some providers (Okta) require the ID token as a hint; it never reaches the browser otherwise.
  if (typeof token.idToken === 'string') url.searchParams.set('id_token_hint', token.idToken);
  url.searchParams.set('client_id', cfg.OIDC_CLIENT_ID);
  url.searchParams.set('post_logout_redirect_uri', signedOut);
  return url.toString();
}
