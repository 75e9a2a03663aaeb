import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { config } from '@/lib/config';
import { database } from '@/lib/db';

/**
 * Reminders can be turned off per person (change notices cannot). The one-click opt-out in a
 * reminder's List-Unsubscribe (RFC 8058) carries an HMAC of the IAM user name, keyed from
 * NEXTAUTH_SECRET: it can only turn that person's reminders off, so it is not a credential,
 * and it needs no sign-in, as a mail client's one-click POST has none.
 */

function tokenKey(): Buffer {
  return createHash('sha256').update(`kagi-unsubscribe-v1\u0000${config().NEXTAUTH_SECRET}`).digest();
}

export function unsubscribeToken(iamUserName: string): string {
  return createHmac('sha256', tokenKey()).update(iamUserName).digest('base64url');
}

export function isUnsubscribeToken(iamUserName: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(iamUserName));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The page a person opens from the mail (it asks before turning anything off). */
export function unsubscribePageUrl(iamUserName: string): string {
  const url = new URL('/unsubscribe', config().NEXTAUTH_URL);
  url.searchParams.set('u', iamUserName);
  url.searchParams.set('t', unsubscribeToken(iamUserName));
  return url.toString();
}

/** Where a mail client POSTs `List-Unsubscribe=One-Click`. */
export function oneClickUnsubscribeUrl(iamUserName: string): string {
  const url = new URL('/api/notifications/unsubscribe', config().NEXTAUTH_URL);
  url.searchParams.set('u', iamUserName);
  url.searchParams.set('t', unsubscribeToken(iamUserName));
  return url.toString();
}

export async function remindersEnabled(iamUserName: string): Promise<boolean> {
  const row = await (await database()).selectFrom('reminder_opt_outs').select('iam_user_name').where('iam_user_name', '=', iamUserName).executeTakeFirst();
  return !row;
}

export async function setRemindersEnabled(iamUserName: string, enabled: boolean): Promise<void> {
  const db = await database();
  if (enabled) {
    await db.deleteFrom('reminder_opt_outs').where('iam_user_name', '=', iamUserName).execute();
  } else {
    await db
      .insertInto('reminder_opt_outs')
      .values({ iam_user_name: iamUserName, opted_out_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('iam_user_name').doNothing())
      .execute();
  }
}
