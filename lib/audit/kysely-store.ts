import 'server-only';
import type { Kysely } from 'kysely';
import type { KagiDatabase } from '@/lib/db/schema';
import type { AuditAction, AuditEntry, AuditEntryInput, AuditQuery, AuditStore } from './types';

const MAX_LIST = 10_000;

/** The audit store on any Kysely database: the queries are the same for every dialect. */
export function kyselyAuditStore(db: Kysely<KagiDatabase>): AuditStore {
  return {
    async begin(entry: AuditEntryInput, at = new Date()) {
      const row = await db
        .insertInto('audit_entries')
        .values({
          at: at.toISOString(),
          request_id: entry.requestId,
          actor: entry.actor,
          actor_name: entry.actorName,
          subject: entry.subject,
          action: entry.action,
          access_key_id: entry.accessKeyId ?? null,
          ticket: entry.ticket ?? null,
          verification: entry.verification ?? null,
          outcome: 'pending',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async finish(id: number, outcome: string, accessKeyId?: string) {
      await db
        .updateTable('audit_entries')
        .set(accessKeyId ? { outcome, access_key_id: accessKeyId } : { outcome })
        .where('id', '=', id)
        .execute();
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

    async countAttempts(actor: string, action: AuditAction, since: Date) {
      const row = await db
        .selectFrom('audit_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('actor', '=', actor)
        .where('action', '=', action)
        .where('at', '>=', since.toISOString())
        .where('outcome', '!=', 'rate-limited')
        .executeTakeFirstOrThrow();
      return Number(row.n);
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
