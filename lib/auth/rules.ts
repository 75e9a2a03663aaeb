/**
 * The pure rules of sign-in: how claims become a person, roles and freshness. No I/O here,
 * so unit tests can cover every case.
 */

/**
 * A session ends after SESSION_IDLE_MINUTES (lib/config.ts) in which the person did nothing,
 * and at the latest this long after sign-in, active or not.
 */
export const ABSOLUTE_TIMEOUT_SECONDS = 8 * 60 * 60;
/**
 * Changes a copied session must not be able to make (a password, a new access key, an MFA
 * device set up or removed, a help-desk code) need a sign-in at the identity provider no older
 * than this.
 */
export const RECENT_SIGN_IN_SECONDS = 5 * 60;

export type Role = 'user' | 'helpdesk';

export interface ClaimSettings {
  usernameClaim: string;
  helpdeskGroup: string;
}

export interface PersonFromClaims {
  subject: string;
  /** The sign-in name at the identity provider (preferred_username, else sub). */
  userName: string;
  name: string;
  email: string | null;
  /** The IAM user name the claims point to; not yet checked against IAM. */
  claimedIamUserName: string | null;
  roles: Role[];
  /** Seconds since the epoch of the last real sign-in at the identity provider. */
  authTime: number | null;
}

const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;

function asString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Groups arrive as an array or, from some providers, as one comma-separated string. Never
 * split on spaces: group names may hold them ("Former helpdesk" is not "helpdesk"). Each
 * name is trimmed and compared whole.
 */
export function asGroups(value: unknown): string[] {
  const names = Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : typeof value === 'string' ? value.split(',') : [];
  return names.map((g) => g.trim()).filter(Boolean);
}

/**
 * Whether the claimed IAM user name may be trusted as far as e-mail goes. Many identity
 * providers let people enter or change their own address; an unverified one that names a
 * colleague's IAM user must not sign in as that colleague (OIDC Core 5.1: only
 * `email_verified` says the provider checked it).
 *
 * Linking is "by an e-mail claim" when IAM_USERNAME_CLAIM is `email` (the Google Workspace
 * recipe): then `email_verified` must be exactly `true`; missing, `false` or the string
 * "true" all refuse. It is also by e-mail when another claim carries the very address of the
 * `email` claim (e.g. Keycloak's "email as username"): then an explicit
 * `email_verified: false` refuses. Missing is accepted there, because Entra ID sends no
 * `email_verified` and its preferred_username is the UPN, which administrators assign. A
 * value that merely looks like an address in some other claim is not an e-mail claim:
 * `email_verified` says nothing about it.
 */
export function isEmailLinkVerified(claims: Record<string, unknown>, usernameClaim: string, claimed: string): boolean {
  if (usernameClaim === 'email') return claims.email_verified === true;
  const email = asString(claims.email);
  const sameAddress = email !== null && email.toLowerCase() === claimed.toLowerCase();
  return !(sameAddress && claims.email_verified === false);
}

export function personFromClaims(claims: Record<string, unknown>, settings: ClaimSettings): PersonFromClaims {
  const value = asString(claims[settings.usernameClaim]);
  const claimed = value && isEmailLinkVerified(claims, settings.usernameClaim, value) ? value : null;
  const groups = asGroups(claims.groups);
  const authTime = typeof claims.auth_time === 'number' && Number.isFinite(claims.auth_time) ? claims.auth_time : null;
  return {
    subject: asString(claims.sub) ?? '',
    userName: asString(claims.preferred_username) ?? asString(claims.sub) ?? '',
    name: asString(claims.name) ?? asString(claims.preferred_username) ?? asString(claims.email) ?? '',
    email: asString(claims.email),
    // A claim that cannot be an IAM user name links to nobody rather than failing later.
    claimedIamUserName: claimed && IAM_USER_NAME.test(claimed) ? claimed : null,
    roles: groups.includes(settings.helpdeskGroup) ? ['user', 'helpdesk'] : ['user'],
    authTime,
  };
}

/** Whether an IAM user path lies under the configured prefix (both end with "/"). */
export function isUnderPath(userPath: string, prefix: string): boolean {
  return userPath.startsWith(prefix);
}

export function isFresh(authTime: number | null | undefined, nowSeconds: number, maxAgeSeconds: number): boolean {
  if (typeof authTime !== 'number') return false;
  // A clock a little ahead at the identity provider must not make a sign-in count as stale.
  return nowSeconds - authTime <= maxAgeSeconds && authTime <= nowSeconds + 60;
}

/**
 * The browser marks requests the person did not ask for (background polls) with this header.
 * A client can use it only to renew its own session less, so it needs no trust.
 */
export const BACKGROUND_REQUEST_HEADER = 'x-kagi-background';

/**
 * Whether a request is the person's doing, and so keeps the session alive: not a background
 * poll, not the browser prefetching or prerendering a page the person may never open, and not
 * next-auth's own routes, which set the session cookie themselves. (Next's router marks its own
 * prefetches with headers it removes before proxy.ts runs; links that appear through a poll
 * therefore say prefetch={false}.)
 */
export function isPersonActivity(pathname: string, headers: { get(name: string): string | null }): boolean {
  if (pathname.startsWith('/api/auth/')) return false;
  if (headers.get(BACKGROUND_REQUEST_HEADER) !== null) return false;
  return !/\bprefetch\b/i.test(`${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''}`);
}

/**
 * The lifetime a session renewed now gets: the idle limit, cut at the absolute lifetime. Null
 * when no renewal is due: the token is younger than a minute (a quarter of the idle limit when
 * that is shorter), so an active person does not get a new cookie on every request, or the
 * session has no time left.
 */
export function renewedLifetime(token: { issuedAt: number; signedInAt: number }, nowSeconds: number, idleSeconds: number): number | null {
  if (nowSeconds - token.issuedAt < Math.min(60, Math.floor(idleSeconds / 4))) return null;
  const lifetime = Math.min(idleSeconds, token.signedInAt + ABSOLUTE_TIMEOUT_SECONDS - nowSeconds);
  return lifetime > 0 ? lifetime : null;
}

export function isPastAbsoluteTimeout(signedInAt: number | undefined, nowSeconds: number): boolean {
  return typeof signedInAt !== 'number' || nowSeconds - signedInAt > ABSOLUTE_TIMEOUT_SECONDS;
}

/** How far instances' clocks may disagree when a token's age is judged. */
const CLOCK_TOLERANCE_SECONDS = 15;

/**
 * Whether a decrypted session token is still within both limits, whatever expiry it carries:
 * at most the idle limit since it was issued (at sign-in, or by the last renewal) and at most
 * the absolute lifetime since sign-in. A token whose `exp` says 30 days (next-auth's default,
 * or anyone else's encoder with the secret) is still over once it has been idle too long.
 */
export function isWithinSessionLimits(token: { iat?: unknown; signedInAt?: unknown }, nowSeconds: number, idleSeconds: number): boolean {
  const { iat, signedInAt } = token;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return false;
  if (iat > nowSeconds + CLOCK_TOLERANCE_SECONDS || nowSeconds - iat > idleSeconds + CLOCK_TOLERANCE_SECONDS) return false;
  return typeof signedInAt === 'number' && !isPastAbsoluteTimeout(signedInAt, nowSeconds);
}

/**
 * The path to return to after sign-in: a same-origin path only. Anything else (another
 * site, a protocol-relative //host, a backslash trick) becomes "/".
 */
export function safeCallbackPath(value: string | null | undefined, origin: string): string {
  if (!value) return '/';
  try {
    const url = new URL(value, origin);
    if (url.origin !== origin) return '/';
    if (!value.startsWith('/') && !value.startsWith(origin)) return '/';
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith('//') ? '/' : path;
  } catch {
    return '/';
  }
}
