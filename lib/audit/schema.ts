import { sql, type Generated, type Kysely, type Migration } from 'kysely';

/** Table shapes as Kysely sees them. Times are ISO 8601 UTC text: portable and sortable. */
export interface AuditDatabase {
  audit_entries: {
    id: Generated<number>;
    at: string;
    request_id: string;
    actor: string;
    actor_name: string;
    subject: string;
    action: string;
    access_key_id: string | null;
    ticket: string | null;
    outcome: string;
  };
}

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Schema migrations, applied in order at start-up. Append new ones; never edit an old one.
 * Written with Kysely's schema builder so they run on SQLite and PostgreSQL alike; the
 * dialect matters only for how an ID is generated.
 */
export const migrationsFor = (dialect: SqlDialect): Record<string, Migration> => ({
  '0001-audit-entries': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_entries')
        .addColumn('id', 'integer', (col) =>
          dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('request_id', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('actor_name', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('access_key_id', 'text')
        .addColumn('ticket', 'text')
        .addColumn('outcome', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('audit_entries_subject').on('audit_entries').columns(['subject', 'id']).execute();
      await db.schema.createIndex('audit_entries_actor').on('audit_entries').columns(['actor', 'action', 'at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table audit_entries`.execute(db);
    },
  },
});
