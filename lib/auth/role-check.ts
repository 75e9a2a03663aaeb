import 'server-only';
import { decodeJwt } from 'jose';
import type { JWT } from 'next-auth/jwt';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { providerEndpoints } from './oidc-discovery';
import { personFromClaims, type Role } from './rules';

/** How long the roles from the sign-in (or the last check) are trusted before the identity provider is asked again. */
export const ROLE_RECHECK_SECONDS = 5 * 60;

/**
 * Per instance and session, the roles last confirmed. A cache only: each instance asks the
 * identity provider at most every five minutes per session.
 */
const confirmed = new Map<string, { at: number; roles: Role[] }>();

/**
 * The session's roles, checked again with the identity provider every few minutes: someone
 * removed from the help-desk group loses the role within five minutes, not at their next
 * sign-in. The check is a refresh-token grant; the new ID token's `groups` decide. It comes
 * straight from the token endpoint over the client's authenticated connection, so its issuer,
 * audience and subject are checked but not its signature (OpenID Connect Core 3.1.3.7).
 *
 * - The provider refuses the refresh token (the person left, the session was revoked there):
 *   the help-desk role is gone for this session.
 * - The provider cannot be reached: the last known roles stand, and it is asked again later.
 * - No refresh token (the provider issues none): the sign-in's roles stand, as before; the
 *   deploy guide says how to get refresh tokens from each provider.
 */
export async function currentRoles(token: Pick<JWT, 'sid' | 'sub' | 'roles' | 'signedInAt' | 'refreshToken'>, now = Math.floor(Date.now() / 1000)): Promise<Role[]> {
  const fromSignIn = token.roles ?? ['user'];
  if (!token.refreshToken || !token.sid || now - (token.signedInAt ?? 0) < ROLE_RECHECK_SECONDS) return fromSignIn;
  const known = confirmed.get(token.sid);
  if (known && now - known.at < ROLE_RECHECK_SECONDS) return known.roles;
  const roles = await askIdentityProvider(token, token.refreshToken);
  if (roles === 'unreachable') return known?.roles ?? fromSignIn;
  confirmed.set(token.sid, { at: now, roles });
  forgetOld(now);
  return roles;
}

async function askIdentityProvider(token: Pick<JWT, 'sub'>, refreshToken: string): Promise<Role[] | 'unreachable'> {
  const cfg = config();
  const endpoint = (await providerEndpoints())?.token_endpoint;
  if (!endpoint) return 'unreachable';
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      signal: AbortSignal.timeout(3_000),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(cfg.OIDC_CLIENT_ID)}:${encodeURIComponent(cfg.OIDC_CLIENT_SECRET)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, scope: cfg.OIDC_SCOPES }),
    });
  } catch {
    return 'unreachable';
  }
  if (res.status >= 500) return 'unreachable';
  const answer = (await res.json().catch(() => ({}))) as { id_token?: string };
  const claims = res.ok && answer.id_token ? safeDecode(answer.id_token) : null;
  const aud = claims?.aud;
  const matches =
    claims !== null &&
    claims.sub === token.sub &&
    typeof claims.iss === 'string' &&
    claims.iss.replace(/\/$/, '') === cfg.OIDC_ISSUER.replace(/\/$/, '') &&
    (aud === cfg.OIDC_CLIENT_ID || (Array.isArray(aud) && aud.includes(cfg.OIDC_CLIENT_ID)));
  if (!matches) {
    log.warn({ type: 'sign-in', subject: token.sub ?? null, status: res.status }, 'the identity provider did not confirm the roles; the help-desk role is dropped for this session');
    return ['user'];
  }
  return personFromClaims(claims, { usernameClaim: cfg.IAM_USERNAME_CLAIM, helpdeskGroup: cfg.HELPDESK_GROUP }).roles;
}

function safeDecode(idToken: string): Record<string, unknown> | null {
  try {
    return decodeJwt(idToken);
  } catch {
    return null;
  }
}

/** Sessions last at most 8 hours: older confirmations can go. */
function forgetOld(now: number): void {
  if (confirmed.size < 10_000) return;
  for (const [sid, entry] of confirmed) if (now - entry.at > 8 * 3600) confirmed.delete(sid);
}
