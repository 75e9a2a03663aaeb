import 'server-only';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { INSTANCE_ID } from '@/lib/db/instance';
import { lockForTransaction } from '@/lib/db/locks';
import type { KagiDatabase, SqlDialect } from '@/lib/db/schema';
import { enqueueChangeNotice, notificationsEnabled, nudgeDelivery } from '@/lib/notifications/outbox';
import type { AuditAction, AuditCompletion, AuditEntry, AuditEntryInput, AuditQuery, AuditStore, RateLimit } from './types';

const MAX_LIST = 10_000;

async function insertEntry(db: Kysely<KagiDatabase> | Transaction<KagiDatabase>, values: Insertable<KagiDatabase['audit_entries']>): Promise<number> {
  const row = await db.insertInto('audit_entries').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Seconds until the actor may try again under this limit, or 0 when they may now. Counted
 * are the attempts in the window with an outcome the limit counts (by default all but those
 * a limit refused); once `max` of them are there, the next is possible when the oldest one
 * that keeps the count at `max` leaves the window.
 */
async function secondsUntilAllowed(db: Transaction<KagiDatabase>, entry: AuditEntryInput, limit: RateLimit, now: Date): Promise<number> {
  const windowMs = limit.windowSeconds * 1000;
  let q = db
    .selectFrom('audit_entries')
    .select('at')
    .where(limit.per === 'subject' ? 'subject' : 'actor', '=', limit.per === 'subject' ? entry.subject : entry.actor)
    .where('action', 'in', [limit.action, ...(limit.sharedWith ?? [])])
    // Limits hold per AWS account, as IAM's own quotas do.
    .where('account_id', entry.accountId ? '=' : 'is', entry.accountId ?? null)
    .where('at', '>=', new Date(now.getTime() - windowMs).toISOString());
  q = limit.counts ? q.where('outcome', 'in', [...limit.counts]) : q.where('outcome', '!=', 'rate-limited');
  // Newest first: the max-th newest is the one whose leaving the window frees a place.
  const rows = await q.orderBy('at', 'desc').limit(limit.max).execute();
  const freeing = rows.length >= limit.max ? rows[limit.max - 1] : undefined;
  if (!freeing) return 0;
  return Math.max(1, Math.ceil((new Date(freeing.at).getTime() + windowMs - now.getTime()) / 1000));
}

/** The audit store on any Kysely database: the queries are the same for every dialect. */
export function kyselyAuditStore(db: Kysely<KagiDatabase>, dialect: SqlDialect): AuditStore {
  return {
    async begin(entry: AuditEntryInput, { at = new Date(), rateLimits = [] } = {}) {
      const values = {
        at: at.toISOString(),
        request_id: entry.requestId,
        actor: entry.actor,
        actor_name: entry.actorName,
        subject: entry.subject,
        action: entry.action,
        access_key_id: entry.accessKeyId ?? null,
        mfa_device: entry.mfaDevice ?? null,
        ticket: entry.ticket ?? null,
        verification: entry.verification ?? null,
        instance_id: INSTANCE_ID,
        account_id: entry.accountId ?? null,
        outcome: 'pending',
      };
      if (rateLimits.length === 0) return { id: await insertEntry(db, values), rateLimited: false };
      // Count and insert under one lock per actor (or subject) and action: two instances can
      // no longer both count 9 and both insert the 10th.
      return db.transaction().execute(async (trx) => {
        // Actions sharing a limit share its lock too (sorted, so every member names it alike,
        // and two requests taking several locks take them in one order).
        const lockNames = new Set(
          rateLimits.map((limit) => {
            const actions = [limit.action, ...(limit.sharedWith ?? [])].sort().join('+');
            return limit.per === 'subject' ? `${actions}/subject:${entry.subject}` : `${actions}/${entry.actor}`;
          }),
        );
        for (const name of [...lockNames].sort()) await lockForTransaction(trx, dialect, `rate-limit/${name}`);
        let wait = 0;
        for (const limit of rateLimits) wait = Math.max(wait, await secondsUntilAllowed(trx, entry, limit, at));
        const rateLimited = wait > 0;
        const id = await insertEntry(trx, rateLimited ? { ...values, outcome: 'rate-limited' } : values);
        return rateLimited ? { id, rateLimited, retryAfterSeconds: wait } : { id, rateLimited };
      });
    },

    async finish(id: number, outcome: string, { accessKeyId, keyName }: AuditCompletion = {}) {
      const values = { outcome, ...(accessKeyId ? { access_key_id: accessKeyId } : {}), ...(keyName ? { key_name: keyName } : {}) };
      // Only a change that succeeded, or may have (IAM's answer lost: 'unconfirmed'), is
      // announced, and only with e-mail on: else one statement.
      if ((outcome !== 'ok' && outcome !== 'unconfirmed') || !notificationsEnabled()) {
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
      if (query.accountId !== undefined) q = q.where('account_id', query.accountId === null ? 'is' : '=', query.accountId);
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
          mfaDevice: row.mfa_device,
          keyName: row.key_name,
          ticket: row.ticket,
          verification: row.verification,
          accountId: row.account_id,
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
