import 'server-only';
import { database } from '@/lib/db';
import type { KagiDatabase } from '@/lib/db/schema';

/**
 * The pin between an IAM user and the one identity-provider subject allowed to sign in to it.
 * The table's primary key is the IAM user, so the database, not any instance's memory,
 * decides who holds a user: of two first sign-ins at once, on one instance or two, one
 * insert wins and the other finds the winner's row.
 */
export type IdentityLink = KagiDatabase['identity_links'];

export type LinkClaim = { granted: true; link: IdentityLink } | { granted: false; link: IdentityLink };

/**
 * Claims `iamUserName` for `subject` at sign-in: pins it if nobody holds it, and says whether
 * the subject holds it now. The IAM user name is IAM's own spelling (linkIamUser), so two
 * claims that differ only in case meet on one row.
 */
export async function claimIdentityLink(iamUserName: string, subject: string, now = new Date()): Promise<LinkClaim> {
  const db = await database();
  await db
    .insertInto('identity_links')
    .values({ iam_user_name: iamUserName, subject, linked_at: now.toISOString(), linked_by: 'sign-in' })
    .onConflict((oc) => oc.column('iam_user_name').doNothing())
    .execute();
  const link = await db.selectFrom('identity_links').selectAll().where('iam_user_name', '=', iamUserName).executeTakeFirst();
  // Released between the insert and the read: claim again (a release is rare; this ends).
  if (!link) return claimIdentityLink(iamUserName, subject, now);
  return { granted: link.subject === subject, link };
}

/** Who holds the IAM user, if anyone. */
export async function identityLinkOf(iamUserName: string): Promise<IdentityLink | null> {
  const row = await (await database()).selectFrom('identity_links').selectAll().where('iam_user_name', '=', iamUserName).executeTakeFirst();
  return row ?? null;
}

/**
 * Releases the pin, so that the next subject to sign in with a claim to the user gets it.
 * Returns the link that was released, or null when there was none (nothing changed). One
 * DELETE … RETURNING: two releases at once release it once.
 */
export async function releaseIdentityLink(iamUserName: string): Promise<IdentityLink | null> {
  const row = await (await database()).deleteFrom('identity_links').where('iam_user_name', '=', iamUserName).returningAll().executeTakeFirst();
  return row ?? null;
}
