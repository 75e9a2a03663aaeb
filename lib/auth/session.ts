import 'server-only';
import type { Session } from 'next-auth';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { AppError } from '@/lib/app-error';
import { currentIamLink } from './iam-link';
import { currentRoles } from './role-check';
import { isSessionRevoked } from './revocation';
import { isFresh, type Role } from './rules';
import { readSessionToken, sessionCookieName, sessionFromToken } from './session-cookie';

/**
 * The one place that reads the session (cached per request). Null when signed out or when
 * the session was ended on the server. It reads the cookie directly rather than through
 * getServerSession, which also re-encrypts the token on every call only to throw the result
 * away in a route handler.
 */
export const getSession = cache(async (): Promise<Pick<Session, 'user' | 'authTime'> | null> => {
  const token = await readSessionToken((await cookies()).get(sessionCookieName())?.value);
  // A session ended on the server (sign-out, sign-out everywhere, the help desk) is over here too.
  if (!token || (await isSessionRevoked(token))) return null;
  const session = sessionFromToken(token);
  session.user.iamUserName = await currentIamLink(session.user.iamUserName, token.sub, token.signedInAt ?? 0);
  session.user.roles = await currentRoles(token);
  return session;
});

export interface SignedInPerson {
  userName: string;
  name: string;
  email: string | null;
  iamUserName: string | null;
  roles: Role[];
  authTime: number | null;
}

/** Anyone signed in, linked to an IAM user or not. */
export async function requireSignedIn(): Promise<SignedInPerson> {
  const session = await getSession();
  if (!session) throw new AppError('unauthenticated');
  return { ...session.user, authTime: session.authTime };
}

export interface LinkedPerson extends SignedInPerson {
  iamUserName: string;
}

/** A signed-in person with an IAM user: the subject of every self-service call. */
export async function requireUser(): Promise<LinkedPerson> {
  const person = await requireSignedIn();
  if (!person.iamUserName) throw new AppError('no-iam-user');
  return { ...person, iamUserName: person.iamUserName };
}

export async function requireHelpdesk(): Promise<LinkedPerson> {
  const person = await requireUser();
  if (!person.roles.includes('helpdesk')) throw new AppError('forbidden');
  return person;
}

/** Like requireUser, and the last real sign-in is at most maxAgeSeconds old. */
export async function requireFreshAuth(maxAgeSeconds: number): Promise<LinkedPerson> {
  const person = await requireUser();
  if (!isFresh(person.authTime, Math.floor(Date.now() / 1000), maxAgeSeconds)) {
    throw new AppError('reauth-required');
  }
  return person;
}
