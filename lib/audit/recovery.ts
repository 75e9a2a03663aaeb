import 'server-only';
import type { Kysely, Selectable } from 'kysely';
import { database, databaseDialect } from '@/lib/db';
import { claimDeadInstances, claimedInstances, forgetOldInstances, markRecovered } from '@/lib/db/instance';
import type { KagiDatabase } from '@/lib/db/schema';
import { listAccessKeys } from '@/lib/iam/access-keys';
import { asSystem } from '@/lib/iam/on-behalf';
import { enqueueChangeNotice, nudgeDelivery } from '@/lib/notifications/outbox';

type Entry = Selectable<KagiDatabase['audit_entries']>;

/** IAM's clock and ours may differ a little; a key made this long after its entry is not its. */
const CLOCK_SLACK_MS = 5_000;
const CREATION_WINDOW_MS = 2 * 60_000;

/**
 * Entries left 'pending' are attempts whose outcome was never written because the instance
 * making them died. Only a dead instance's entries are touched (lib/db/instance.ts says when
 * one is dead): an instance starting while others serve leaves their in-flight entries
 * alone. Each dead instance is claimed by exactly one live one, and each entry is resolved
 * by one conditional update, so nothing is resolved twice.
 *
 * A key creation may have succeeded in IAM all the same: such keys are matched back to
 * their entry, so every key that exists has its creation in the log. Anything else is
 * marked 'interrupted'. `atStartup` on SQLite takes every other instance for dead: only
 * one process may serve a SQLite file.
 */
export async function recoverInterruptedEntries({ atStartup = false } = {}): Promise<{ recovered: number; interrupted: number }> {
  const db = await database();
  await claimDeadInstances(db, { everyOther: atStartup && (await databaseDialect()) === 'sqlite' });
  let recovered = 0;
  let interrupted = 0;
  for (const instance of await claimedInstances(db)) {
    const pending = await db.selectFrom('audit_entries').selectAll().where('instance_id', '=', instance).where('outcome', '=', 'pending').orderBy('id').execute();
    for (const entry of pending) {
      const keyId = entry.action === 'access-key.create' ? await orphanedKeyOf(db, entry) : undefined;
      // A creation found in IAM is announced like any other, in the same transaction.
      const resolved = await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('audit_entries')
          .set(keyId ? { outcome: 'ok', access_key_id: keyId } : { outcome: 'interrupted' })
          .where('id', '=', entry.id)
          .where('outcome', '=', 'pending')
          .returningAll()
          .executeTakeFirst();
        return row ? { queued: await enqueueChangeNotice(trx, row) } : undefined;
      });
      if (!resolved) continue;
      if (resolved.queued) nudgeDelivery();
      if (keyId) recovered++;
      else interrupted++;
    }
    await markRecovered(db, instance);
  }
  await forgetOldInstances(db);
  return { recovered, interrupted };
}

/** The key IAM made for this interrupted creation, if any: new, unattributed, made just after it. */
async function orphanedKeyOf(db: Kysely<KagiDatabase>, entry: Entry): Promise<string | undefined> {
  // Keys already matched to a creation; a later change to this very key (the person saw it
  // listed and switched it off) does not make it any less this entry's key.
  const known = new Set(
    (
      await db
        .selectFrom('audit_entries')
        .select('access_key_id')
        .where('subject', '=', entry.subject)
        .where('action', '=', 'access-key.create')
        .where('access_key_id', 'is not', null)
        .execute()
    ).map((r) => r.access_key_id),
  );
  const at = new Date(entry.at).getTime();
  // Nobody asked for this just now: the portal's own system session (role mode).
  return (await asSystem('recovery', () => listAccessKeys(entry.subject))).find(
    (k) => !known.has(k.accessKeyId) && k.createDate.getTime() >= at - CLOCK_SLACK_MS && k.createDate.getTime() <= at + CREATION_WINDOW_MS,
  )?.accessKeyId;
}
