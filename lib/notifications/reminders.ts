import 'server-only';
import { servedAccounts, servesSeveralAccounts, type Account } from '@/lib/accounts';
import { config } from '@/lib/config';
// Pure rules, no IAM and no help desk: the same age and due dates the key list shows.
import { ageInDays, rotationState } from '@/lib/credentials/key-rotation';
import { database, databaseDialect } from '@/lib/db';
import { INSTANCE_ID } from '@/lib/db/instance';
import { lockForTransaction } from '@/lib/db/locks';
import { getAccessKeyLastUsed, listAccessKeyNames, listAccessKeys, type AccessKey } from '@/lib/iam/access-keys';
import { inAccount } from '@/lib/iam/account-scope';
import { asSystem } from '@/lib/iam/on-behalf';
import { listUsers } from '@/lib/iam/users';
import { describeError, log } from '@/lib/log';
import { personOfIamUser } from '@/lib/people/directory';
import type { ReminderFacts, ReminderThreshold } from './kinds';
import { enqueue, notificationsEnabled, nudgeDelivery } from './outbox';

/**
 * Reminders about keys that need attention: due for replacement soon (DUE_SOON_DAYS before
 * KEY_ROTATION_DAYS), overdue, and active but unused for UNUSED_DAYS. Each key is reminded
 * once per threshold (reminder_marks' primary key), a person gets at most one reminder
 * message a day, their own day in their time zone (the outbox's unique
 * 'reminders:<user>:<day>'), and one person's
 * reminders are decided under a database lock: of several instances (or `npm run reminders`
 * beside them) only one writes each reminder.
 */

export const UNUSED_DAYS = 90;
/** Calls to IAM at once during a pass: well under IAM's request rate, and a pass stays short. */
const CONCURRENCY = 4;
/** A pass that has not finished by then is taken for dead and may be run again. */
const PASS_LEASE_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

type Candidate = ReminderFacts['keys'][number];

/** The thresholds a key has reached now (pure; unit-tested). */
export function thresholdsOf(key: { status: string; createDate: Date; lastUsed: Date | null }, now: Date, rotationDays: number): ReminderThreshold[] {
  if (key.status !== 'Active') return [];
  const found: ReminderThreshold[] = [];
  const state = rotationState(ageInDays(key.createDate, now), rotationDays);
  if (state === 'overdue') found.push('overdue');
  else if (state === 'due') found.push('due-soon');
  if (now.getTime() - (key.lastUsed ?? key.createDate).getTime() >= UNUSED_DAYS * DAY_MS) found.push('unused');
  return found;
}

/** The calendar day (YYYY-MM-DD) it is at `now` in `timeZone`; UTC's for a zone this runtime does not know. */
export function dayIn(now: Date, timeZone: string): string {
  const parts = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  try {
    return parts(timeZone);
  } catch {
    return parts('UTC');
  }
}

/** Runs `task` over `items`, `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function candidatesOf(userName: string, now: Date, rotationDays: number, account?: { id: string; name: string }): Promise<Candidate[]> {
  const keys: AccessKey[] = await listAccessKeys(userName);
  const found: Candidate[] = [];
  let names: Map<string, string> | undefined;
  for (const key of keys.filter((k) => k.status === 'Active')) {
    const lastUsed = (await getAccessKeyLastUsed(key.accessKeyId))?.date ?? null;
    for (const threshold of thresholdsOf({ ...key, lastUsed }, now, rotationDays)) {
      // The names are read only for someone with a key to remind them of; without them the reminder still goes, by key ID.
      names ??= await listAccessKeyNames(userName).catch((error: unknown) => {
        log.warn({ type: 'reminders', userName, error: describeError(error) }, 'could not read the key names for a reminder');
        return new Map<string, string>();
      });
      const name = names.get(key.accessKeyId.toUpperCase()) ?? null;
      found.push({
        accessKeyId: key.accessKeyId,
        name,
        threshold,
        createdAt: key.createDate.toISOString(),
        ageDays: ageInDays(key.createDate, now),
        lastUsedAt: lastUsed?.toISOString() ?? null,
        ...(account ? { account } : {}),
      });
    }
  }
  return found;
}

/**
 * Writes one person's reminder message with the reminders not sent before, in one
 * transaction under the person's lock. Returns how many reminders it holds (0: nothing new,
 * or the person has had today's message already: the rest waits for tomorrow).
 */
export async function queueReminders(userName: string, candidates: Candidate[], now = new Date()): Promise<number> {
  if (candidates.length === 0) return 0;
  const db = await database();
  const dialect = await databaseDialect();
  // Read before the transaction: on SQLite its one connection is the transaction's until it ends.
  const day = dayIn(now, (await personOfIamUser(userName))?.time_zone ?? 'UTC');
  const queued = await db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, dialect, `reminders/${userName}`);
    const marked = await trx
      .selectFrom('reminder_marks')
      .select(['access_key_id', 'threshold'])
      .where('access_key_id', 'in', [...new Set(candidates.map((c) => c.accessKeyId))])
      .execute();
    const done = new Set(marked.map((m) => `${m.access_key_id}/${m.threshold}`));
    const fresh = candidates.filter((c) => !done.has(`${c.accessKeyId}/${c.threshold}`));
    if (fresh.length === 0) return 0;
    const facts: ReminderFacts = { keys: fresh, rotationDays: config().KEY_ROTATION_DAYS };
    const outboxId = await enqueue(trx, { dedupeKey: `reminders:${userName}:${day}`, kind: 'reminders', subject: userName, facts }, now);
    if (outboxId === null) return 0;
    // No "on conflict": a mark written meanwhile (it cannot be, under the lock) would roll all of this back.
    await trx
      .insertInto('reminder_marks')
      .values(fresh.map((c) => ({ access_key_id: c.accessKeyId, threshold: c.threshold, subject: userName, outbox_id: outboxId, created_at: now.toISOString() })))
      .execute();
    return fresh.length;
  });
  if (queued > 0) nudgeDelivery();
  return queued;
}

/**
 * One pass over every IAM user Kagi serves. Returns how many people and reminders were queued.
 * Nobody asked for it just now, so its IAM calls are the system's (in role mode: reads only).
 */
export function runReminderPass(now = new Date()): Promise<{ people: number; reminders: number; users: number }> {
  return asSystem('reminders', () => reminderPass(now));
}

/** The users under the path in one account. */
async function usersIn(account: Account): Promise<string[]> {
  const users: string[] = [];
  let marker: string | undefined;
  do {
    const page = await inAccount(account, () => listUsers({ pathPrefix: config().IAM_USER_PATH_PREFIX, marker, maxItems: 100 }));
    users.push(...page.users.map((u) => u.userName));
    marker = page.nextMarker ?? undefined;
  } while (marker);
  return users;
}

/**
 * Every account's users, and a person's keys in every account they have a user in: one person
 * (the same IAM user name in each account) gets one message a day, naming each key's account.
 * An account that cannot be read this time is left to the next pass (logged).
 */
async function reminderPass(now: Date): Promise<{ people: number; reminders: number; users: number }> {
  const { KEY_ROTATION_DAYS } = config();
  const db = await database();
  const optedOut = new Set((await db.selectFrom('reminder_opt_outs').select('iam_user_name').execute()).map((r) => r.iam_user_name));
  const accountsOf = new Map<string, Account[]>();
  const several = servesSeveralAccounts();
  for (const account of servedAccounts()) {
    let users: string[];
    try {
      users = await usersIn(account);
    } catch (error) {
      if (!several) throw error;
      log.warn({ type: 'reminders', accountId: account.id, error: describeError(error) }, 'reminders in this account deferred');
      continue;
    }
    for (const userName of users) accountsOf.set(userName, [...(accountsOf.get(userName) ?? []), account]);
  }
  const users = [...accountsOf.keys()];
  let people = 0;
  let reminders = 0;
  await eachLimited(
    users.filter((u) => !optedOut.has(u)),
    CONCURRENCY,
    async (userName) => {
      try {
        const candidates: Candidate[] = [];
        for (const account of accountsOf.get(userName) ?? []) {
          const named = several && account.id && account.name ? { id: account.id, name: account.name } : undefined;
          candidates.push(...(await inAccount(account, () => candidatesOf(userName, now, KEY_ROTATION_DAYS, named))));
        }
        const queued = await queueReminders(userName, candidates, now);
        if (queued > 0) {
          people++;
          reminders += queued;
        }
      } catch (error) {
        // One person's keys unreadable (IAM throttled, the user just deleted): the next pass tries again.
        log.warn({ type: 'reminders', subject: userName, error: describeError(error) }, 'reminders for this person deferred');
      }
    },
  );
  return { people, reminders, users: users.length };
}

/**
 * Claims the pass for this instance: one conditional update, which succeeds when no pass is
 * under way (or the one under way outlived its lease) and the last finished at least
 * `everyMs` ago. Several instances ticking at once get one pass between them.
 */
export async function claimReminderPass(everyMs: number, now = new Date()): Promise<boolean> {
  const at = now.toISOString();
  const result = await (await database())
    .updateTable('scheduled_runs')
    .set({ claimed_by: INSTANCE_ID, lease_until: new Date(now.getTime() + PASS_LEASE_MS).toISOString() })
    .where('name', '=', 'reminders')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .where((eb) => eb.or([eb('last_finished_at', 'is', null), eb('last_finished_at', '<=', new Date(now.getTime() - everyMs).toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishReminderPass(now = new Date()): Promise<void> {
  await (await database())
    .updateTable('scheduled_runs')
    .set({ lease_until: null, last_finished_at: now.toISOString() })
    .where('name', '=', 'reminders')
    .where('claimed_by', '=', INSTANCE_ID)
    .execute();
}

/** Gives the claim back without counting the pass as done (it failed: try again soon). */
async function releaseReminderPass(): Promise<void> {
  await (await database()).updateTable('scheduled_runs').set({ lease_until: null }).where('name', '=', 'reminders').where('claimed_by', '=', INSTANCE_ID).execute();
}

/** A pass if it is this instance's turn; `everyMs` 0 (the cron job) only waits for one under way. */
export async function runReminderPassIfDue(everyMs: number): Promise<{ ran: boolean; people: number; reminders: number; users: number }> {
  if (!notificationsEnabled() || !(await claimReminderPass(everyMs))) return { ran: false, people: 0, reminders: 0, users: 0 };
  try {
    const result = await runReminderPass();
    await finishReminderPass();
    if (result.reminders > 0) log.info({ type: 'reminders', ...result }, 'reminders queued');
    return { ran: true, ...result };
  } catch (error) {
    await releaseReminderPass().catch(() => {});
    throw error;
  }
}
