import 'server-only';
import type { JWT } from 'next-auth/jwt';
import { database } from '@/lib/db';
import { ABSOLUTE_TIMEOUT_SECONDS } from './rules';

/**
 * Sessions are encrypted cookies, so ending one means remembering, in the database every
 * instance reads, that it is over. A session is named by the random ID it got at sign-in;
 * "everywhere" is a cutoff per person before which every sign-in is void. Both are checked
 * on every request (two primary-key lookups) and forgotten once no cookie they could refuse
 * can still be alive (the 8-hour cap).
 */

export type SessionEndReason = 'sign-out' | 'sign-out-everywhere' | 'helpdesk-deactivate-all-keys' | 'sign-in-link-released';

/** The keys a person's sessions can be ended by: their sign-in subject and their IAM user. */
function personKeys(token: Pick<JWT, 'sub' | 'iamUserName'>): string[] {
  const keys = [`sub:${token.sub ?? ''}`];
  if (token.iamUserName) keys.push(iamKey(token.iamUserName));
  return keys;
}

// IAM user names are unique regardless of case.
const iamKey = (iamUserName: string) => `iam:${iamUserName.toLowerCase()}`;

type SessionToken = Pick<JWT, 'sid' | 'sub' | 'iamUserName' | 'signedInAt'>;

/** A cookie from before session IDs is named by its person and sign-in second. */
const sessionKey = (token: SessionToken) => (token.sid ? `sid:${token.sid}` : `at:${token.sub ?? ''}@${token.signedInAt ?? 0}`);

export async function isSessionRevoked(token: SessionToken): Promise<boolean> {
  const db = await database();
  const [single, cutoff] = await Promise.all([
    db.selectFrom('session_revocations').select('session').where('session', '=', sessionKey(token)).executeTakeFirst(),
    db.selectFrom('session_cutoffs').select('person').where('person', 'in', personKeys(token)).where('not_before', '>', token.signedInAt ?? 0).executeTakeFirst(),
  ]);
  return single !== undefined || cutoff !== undefined;
}

/** Ends this one session (sign-out): the cookie, wherever it was copied to, no longer works. */
export async function revokeSession(token: SessionToken, reason: SessionEndReason = 'sign-out'): Promise<void> {
  await (await database())
    .insertInto('session_revocations')
    .values({ session: sessionKey(token), signed_in_at: token.signedInAt ?? 0, revoked_at: new Date().toISOString(), reason })
    .onConflict((oc) => oc.column('session').doNothing())
    .execute();
}

/** Ends every session of this person, on every instance, this one included. */
export async function revokeAllSessions(token: Pick<JWT, 'sub' | 'iamUserName'>, reason: SessionEndReason): Promise<void> {
  await cutOff(personKeys(token), reason);
}

/** Ends every session linked to this IAM user (the help desk's answer to a suspected leak). */
export async function revokeSessionsOfIamUser(iamUserName: string, reason: SessionEndReason): Promise<void> {
  await cutOff([iamKey(iamUserName)], reason);
}

async function cutOff(persons: string[], reason: SessionEndReason): Promise<void> {
  // Sign-ins are stamped in seconds: one in this very second (after the click) stays valid.
  const notBefore = Math.floor(Date.now() / 1000);
  const updatedAt = new Date().toISOString();
  const db = await database();
  for (const person of persons) {
    await db
      .insertInto('session_cutoffs')
      .values({ person, not_before: notBefore, updated_at: updatedAt, reason })
      .onConflict((oc) => oc.column('person').doUpdateSet({ not_before: notBefore, updated_at: updatedAt, reason }))
      .execute();
  }
}

/** Revocations that can no longer refuse anything: every session they name is past its cap. */
export async function forgetExpiredRevocations(): Promise<void> {
  const db = await database();
  const before = Math.floor(Date.now() / 1000) - ABSOLUTE_TIMEOUT_SECONDS;
  await db.deleteFrom('session_revocations').where('signed_in_at', '<', before).execute();
  await db.deleteFrom('session_cutoffs').where('not_before', '<', before).execute();
}
