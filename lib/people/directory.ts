import 'server-only';
import { sql } from 'kysely';
import { database } from '@/lib/db';
import type { KagiDatabase } from '@/lib/db/schema';

/**
 * Kagi's record of the people who sign in, as the identity provider last described them.
 * The help desk finds people by name or address through it, and notifications learn where,
 * in which language and in which time zone to write. Nothing here is a credential.
 */
export type PersonRecord = KagiDatabase['people'];

export interface SignInFacts {
  subject: string;
  iamUserName: string | null;
  userName: string;
  name: string;
  /** The `email` claim, kept only when `email_verified` is exactly true. */
  email: string | null;
  emailVerified: boolean;
  locale: string;
  timeZone: string;
}

/** Written at each sign-in: one row per identity-provider subject, the latest facts winning. */
export async function recordSignIn(facts: SignInFacts, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const row = {
    iam_user_name: facts.iamUserName,
    user_name: facts.userName,
    display_name: facts.name,
    email: facts.emailVerified ? facts.email : null,
    locale: facts.locale,
    time_zone: facts.timeZone,
    last_sign_in_at: at,
    updated_at: at,
  };
  await (await database())
    .insertInto('people')
    .values({ subject: facts.subject, first_seen_at: at, ...row })
    .onConflict((oc) => oc.column('subject').doUpdateSet(row))
    .execute();
}

/**
 * Keeps the language and time zone current between sign-ins: the browser tells its time zone
 * only after the first page, and the person may switch language at any time. The update is
 * conditional, so an unchanged page view writes nothing; no per-instance memory of what was
 * written, which another instance's update would make stale.
 */
export async function notePreferences(who: { iamUserName: string; userName: string }, locale: string, timeZone: string): Promise<void> {
  await (await database())
    .updateTable('people')
    .set({ locale, time_zone: timeZone, updated_at: new Date().toISOString() })
    .where('iam_user_name', '=', who.iamUserName)
    .where('user_name', '=', who.userName)
    .where((eb) => eb.or([eb('locale', '!=', locale), eb('time_zone', '!=', timeZone)]))
    .execute();
}

/**
 * The subject that holds an IAM user's pin first (identity_links), then the most recent
 * sign-in: notices and the help desk's view follow the pin, not whoever signed in last.
 * Without a pin (released, and nobody has signed in since) the most recent sign-in stands.
 */
function peopleByPinThenRecency(db: Awaited<ReturnType<typeof database>>) {
  return db
    .selectFrom('people')
    .leftJoin('identity_links', 'identity_links.iam_user_name', 'people.iam_user_name')
    .selectAll('people')
    .orderBy(sql`case when identity_links.subject = people.subject then 0 else 1 end`)
    .orderBy('people.last_sign_in_at', 'desc');
}

/** The person behind an IAM user: the subject pinned to it, else whoever signed in to it last. */
export async function personOfIamUser(iamUserName: string): Promise<PersonRecord | null> {
  const row = await peopleByPinThenRecency(await database())
    .where('people.iam_user_name', '=', iamUserName)
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The record of one identity-provider subject, if it has signed in. */
export async function personOfSubject(subject: string): Promise<PersonRecord | null> {
  const row = await (await database()).selectFrom('people').selectAll().where('subject', '=', subject).executeTakeFirst();
  return row ?? null;
}

/** Escapes LIKE's wildcards so that a search for "a_b" finds only "a_b". */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * People whose IAM user name, sign-in name, real name or address contains the text
 * (case-insensitive), for the help desk's search. Only people linked to an IAM user.
 */
export async function findPeople(text: string, limit = 20): Promise<PersonRecord[]> {
  const pattern = likePattern(text.trim());
  return (await database())
    .selectFrom('people')
    .selectAll()
    .where('iam_user_name', 'is not', null)
    .where((eb) =>
      eb.or(
        (['iam_user_name', 'user_name', 'display_name', 'email'] as const).map((column) =>
          // Both SQLite and PostgreSQL take an explicit ESCAPE character.
          sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
        ),
      ),
    )
    .orderBy('last_sign_in_at', 'desc')
    .limit(limit)
    .execute();
}

/** The record per IAM user for these users: the pinned subject's, else the latest (people who never signed in are missing). */
export async function peopleOfIamUsers(iamUserNames: readonly string[]): Promise<Map<string, PersonRecord>> {
  const found = new Map<string, PersonRecord>();
  if (iamUserNames.length === 0) return found;
  const rows = await peopleByPinThenRecency(await database())
    .where('people.iam_user_name', 'in', [...iamUserNames])
    .execute();
  for (const row of rows) if (row.iam_user_name && !found.has(row.iam_user_name)) found.set(row.iam_user_name, row);
  return found;
}
