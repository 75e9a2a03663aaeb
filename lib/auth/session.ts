import 'server-only';
import type { Session } from 'next-auth';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { accountById, ownAccount, servesSeveralAccounts, type Account } from '@/lib/accounts';
import { AppError } from '@/lib/app-error';
import { currentAccountLinks, currentIamLink } from './iam-link';
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
  if (servesSeveralAccounts()) {
    const own = ownAccount().id;
    const others = await currentAccountLinks(session.user.accounts.filter((link) => link.id !== own), token.sub, token.signedInAt ?? 0);
    const mine = session.user.iamUserName && own ? [{ id: own, iamUserName: session.user.iamUserName }] : [];
    session.user.accounts = [...mine, ...others];
  }
  session.user.roles = await currentRoles(token);
  return session;
});

/** An account in which the person has an IAM user. */
export interface PersonAccount {
  /** Null without an accounts file (Kagi's own, unnamed). */
  id: string | null;
  name: string | null;
  iamUserName: string;
}

/** The accounts the person has a user in, in the accounts file's order (one, or none, without a file). */
function accountsOf(user: { iamUserName: string | null; accounts: Array<{ id: string; iamUserName: string }> }): PersonAccount[] {
  if (!servesSeveralAccounts()) {
    const own = ownAccount();
    return user.iamUserName ? [{ id: own.id, name: own.name, iamUserName: user.iamUserName }] : [];
  }
  return user.accounts.flatMap((link) => {
    const account = accountById(link.id);
    return account ? [{ id: link.id, name: account.name, iamUserName: link.iamUserName }] : [];
  });
}

export interface SignedInPerson {
  userName: string;
  name: string;
  email: string | null;
  iamUserName: string | null;
  accounts: PersonAccount[];
  roles: Role[];
  authTime: number | null;
}

/** Anyone signed in, linked to an IAM user or not. */
export async function requireSignedIn(): Promise<SignedInPerson> {
  const session = await getSession();
  if (!session) throw new AppError('unauthenticated');
  return { ...session.user, accounts: accountsOf(session.user), authTime: session.authTime };
}

export interface LinkedPerson extends SignedInPerson {
  /** The person's IAM user (in the account the request is about). */
  iamUserName: string;
}

/** A linked person and the AWS account the request is about (`?account=`, else their first). */
export interface PersonInAccount extends LinkedPerson {
  account: Account;
}

/**
 * A signed-in person with an IAM user: the subject of every self-service call. `accountId`
 * (`?account=`) names one of the accounts the person has a user in; without it, the first.
 * Any other is `account-not-found`, before anything is asked of IAM.
 */
export async function requireUser(accountId?: string | null): Promise<PersonInAccount> {
  const person = await requireSignedIn();
  const chosen = accountId ? person.accounts.find((a) => a.id === accountId) : person.accounts[0];
  if (!chosen) throw new AppError(accountId ? 'account-not-found' : 'no-iam-user');
  const account = (chosen.id ? accountById(chosen.id) : undefined) ?? ownAccount();
  return { ...person, iamUserName: chosen.iamUserName, account };
}

export async function requireHelpdesk(): Promise<PersonInAccount> {
  const person = await requireUser();
  if (!person.roles.includes('helpdesk')) throw new AppError('forbidden');
  return person;
}

/** Like requireUser, and the last real sign-in is at most maxAgeSeconds old. */
export async function requireFreshAuth(maxAgeSeconds: number, accountId?: string | null): Promise<PersonInAccount> {
  const person = await requireUser(accountId);
  if (!isFresh(person.authTime, Math.floor(Date.now() / 1000), maxAgeSeconds)) {
    throw new AppError('reauth-required');
  }
  return person;
}
