import 'server-only';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { INSTANCE_ID } from '@/lib/db/instance';
import { lockForTransaction } from '@/lib/db/locks';
import type { KagiDatabase, SqlDialect } from '@/lib/db/schema';
import { enqueueChangeNotice, notificationsEnabled, nudgeDelivery } from '@/lib/notifications/outbox';
import type { AuditAction, AuditEntry, AuditEntryInput, AuditQuery, AuditStore, RateLimit } from './types';

const MAX_LIST = 10_000;

async function insertEntry(db: Kysely<KagiDatabase> | Transaction<KagiDatabase>, values: Insertable<KagiDatabase['audit_entries']>): Promise<number> {
  const row = await db.insertInto('audit_entries').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Attempts that count toward a limit: every one but those the limit itself refused. */
async function countAttempts(db: Transaction<KagiDatabase>, actor: string, limit: RateLimit, now: Date): Promise<number> {
  const since = new Date(now.getTime() - limit.windowSeconds * 1000);
  const row = await db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('actor', '=', actor)
    .where('action', '=', limit.action)
    .where('at', '>=', since.toISOString())
    .where('outcome', '!=', 'rate-limited')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The audit store on any Kysely database: the queries are the same for every dialect. */
export function kyselyAuditStore(db: Kysely<KagiDatabase>, dialect: SqlDialect): AuditStore {
  return {
    async begin(entry: AuditEntryInput, { at = new Date(), rateLimit } = {}) {
      const values = {
        at: at.toISOString(),
        request_id: entry.requestId,
        actor: entry.actor,
        actor_name: entry.actorName,
        subject: entry.subject,
        action: entry.action,
        access_key_id: entry.accessKeyId ?? null,
        ticket: entry.ticket ?? null,
        verification: entry.verification ?? null,
        instance_id: INSTANCE_ID,
        outcome: 'pending',
      };
      if (!rateLimit) return { id: await insertEntry(db, values), rateLimited: false };
      // Count and insert under one lock per actor and action: two instances can no longer
      // both count 9 and both insert the 10th.
      return db.transaction().execute(async (trx) => {
        await lockForTransaction(trx, dialect, `rate-limit/${rateLimit.action}/${entry.actor}`);
        const rateLimited = (await countAttempts(trx, entry.actor, rateLimit, at)) >= rateLimit.max;
        return { id: await insertEntry(trx, rateLimited ? { ...values, outcome: 'rate-limited' } : values), rateLimited };
      });
    },

    async finish(id: number, outcome: string, accessKeyId?: string) {
      const values = accessKeyId ? { outcome, access_key_id: accessKeyId } : { outcome };
      // Only a change that succeeded is announced, and only with e-mail on: else one statement.
      if (outcome !== 'ok' || !notificationsEnabled()) {
        await db.updateTable('audit_entries').set(values).where('id', '=', id).execute();
        return;
      }
      // The outcome and the person's notice are one transaction: no notice for a change that is
      // not recorded as done, and no change recorded as done without its notice. Written again
      // after a lost answer, the outbox's unique key keeps it one notice.
      const queued = await db.transaction().execute(async (trx) => {
        const entry = await trx
          .updateTable('audit_entries')
          .set(values)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return entry ? enqueueChangeNotice(trx, entry) : false;
      });
      if (queued) nudgeDelivery();
    },

    async list(query: AuditQuery) {
      let q = db.selectFrom('audit_entries').selectAll().orderBy('id', 'desc').limit(Math.min(query.limit ?? 100, MAX_LIST));
      if (query.person) {
        const person = query.person;
        q = q.where((eb) => eb.or([eb('subject', '=', person), eb('actor', '=', person)]));
      }
      if (query.subject) q = q.where('subject', '=', query.subject);
      if (query.actor) q = q.where('actor', '=', query.actor);
      if (query.action) q = q.where('action', '=', query.action);
      if (query.ticket) q = q.where('ticket', '=', query.ticket);
      if (query.from) q = q.where('at', '>=', query.from.toISOString());
      if (query.to) q = q.where('at', '<', query.to.toISOString());
      if (query.beforeId) q = q.where('id', '<', query.beforeId);
      const rows = await q.execute();
      return rows.map(
        (row): AuditEntry => ({
          id: Number(row.id),
          at: new Date(row.at),
          requestId: row.request_id,
          actor: row.actor,
          actorName: row.actor_name,
          subject: row.subject,
          action: row.action as AuditAction,
          accessKeyId: row.access_key_id,
          ticket: row.ticket,
          verification: row.verification,
          outcome: row.outcome,
        }),
      );
    },

    async lastSuccess(subject: string, action: AuditAction) {
      const row = await db
        .selectFrom('audit_entries')
        .select('at')
        .where('subject', '=', subject)
        .where('action', '=', action)
        .where('outcome', '=', 'ok')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? new Date(row.at) : null;
    },

    async close() {
      await db.destroy();
    },
  };
}
