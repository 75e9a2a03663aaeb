import 'server-only';
import type { Session } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { config } from '@/lib/config';
import type { JWTDecodeParams } from 'next-auth/jwt';
import { decodeSessionToken, encodeSessionToken } from './session-token';
import { isWithinSessionLimits, renewedLifetime } from './rules';

/**
 * The session cookie's name. Over https it takes the `__Host-` prefix: the browser then keeps
 * it only if it is Secure, for path `/` and without a Domain, so no sibling subdomain (or a
 * plain-http page on the same host) can plant or overwrite it.
 */
export function sessionCookieName(): string {
  return isSecureOrigin() ? '__Host-next-auth.session-token' : 'next-auth.session-token';
}

export function isSecureOrigin(): boolean {
  return config().NEXTAUTH_URL.startsWith('https://');
}

/** The idle limit: a session nobody uses for this long ends. */
export function idleTimeoutSeconds(): number {
  return config().SESSION_IDLE_MINUTES * 60;
}

/**
 * Decrypts a session token and accepts it only within the idle limit and the absolute
 * lifetime (isWithinSessionLimits): the one decoder for proxy.ts, getSession and next-auth's
 * own routes (authOptions.jwt.decode), so no path honours a longer expiry a token carries.
 */
export async function decodeAcceptedSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const token = await decodeSessionToken(params);
  if (!token || !isWithinSessionLimits(token, Math.floor(Date.now() / 1000), idleTimeoutSeconds())) return null;
  return token;
}

export async function readSessionToken(raw: string | undefined): Promise<JWT | null> {
  if (!raw) return null;
  try {
    return await decodeAcceptedSessionToken({ token: raw, secret: config().NEXTAUTH_SECRET });
  } catch {
    return null;
  }
}

/**
 * The same session with a new idle deadline, capped at the absolute lifetime; null when no
 * renewal is due yet (see renewedLifetime). Only for requests that are the person's doing
 * (isPersonActivity).
 */
export async function renewSessionToken(token: JWT): Promise<{ value: string; maxAge: number } | null> {
  const issuedAt = typeof token.iat === 'number' ? token.iat : 0;
  const maxAge = renewedLifetime({ issuedAt, signedInAt: token.signedInAt ?? 0 }, Math.floor(Date.now() / 1000), idleTimeoutSeconds());
  if (maxAge === null) return null;
  // encode() sets iat, exp and jti afresh.
  const rest: JWT = { ...token };
  delete rest.iat;
  delete rest.exp;
  delete rest.jti;
  return { value: await encodeSessionToken({ token: rest, secret: config().NEXTAUTH_SECRET, maxAge }), maxAge };
}

/** What a session token says about the person: the one mapping the pages, routes and /api/auth/session use. */
export function sessionFromToken(token: JWT): Pick<Session, 'user' | 'authTime'> {
  return {
    user: {
      userName: token.userName ?? token.sub ?? '',
      name: token.name ?? '',
      email: token.email ?? null,
      iamUserName: token.iamUserName ?? null,
      accounts: token.accounts ?? [],
      roles: token.roles ?? ['user'],
    },
    authTime: token.authTime ?? null,
  };
}
