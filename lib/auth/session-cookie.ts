import 'server-only';
import type { Session } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { config } from '@/lib/config';
import { decodeSessionToken, encodeSessionToken } from './session-token';
import { ABSOLUTE_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS, isPastAbsoluteTimeout } from './rules';

/** next-auth's session cookie name: __Secure- prefixed when Kagi is served over https. */
export function sessionCookieName(): string {
  return config().NEXTAUTH_URL.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

/** Renew at most once a minute, so an active person does not get a new cookie per request. */
const RENEW_AFTER_SECONDS = 60;

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
 * renewal is due yet.
 */
export async function renewSessionToken(token: JWT): Promise<{ value: string; maxAge: number } | null> {
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = typeof token.iat === 'number' ? token.iat : 0;
  if (now - issuedAt < RENEW_AFTER_SECONDS) return null;
  const remaining = (token.signedInAt ?? 0) + ABSOLUTE_TIMEOUT_SECONDS - now;
  const maxAge = Math.min(IDLE_TIMEOUT_SECONDS, remaining);
  if (maxAge <= 0) return null;
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
