import 'server-only';
import type { Session } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { config } from '@/lib/config';
import { decodeSessionToken, encodeSessionToken } from './session-token';
import { isPastAbsoluteTimeout, renewedLifetime } from './rules';

/** next-auth's session cookie name: __Secure- prefixed when Kagi is served over https. */
export function sessionCookieName(): string {
  return config().NEXTAUTH_URL.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

/** The idle limit: a session nobody uses for this long ends. */
export function idleTimeoutSeconds(): number {
  return config().SESSION_IDLE_MINUTES * 60;
}

export async function readSessionToken(raw: string | undefined): Promise<JWT | null> {
  if (!raw) return null;
  try {
    const token = await decodeSessionToken({ token: raw, secret: config().NEXTAUTH_SECRET });
    if (!token || isPastAbsoluteTimeout(token.signedInAt, Math.floor(Date.now() / 1000))) return null;
    return token;
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
      roles: token.roles ?? ['user'],
    },
    authTime: token.authTime ?? null,
  };
}
