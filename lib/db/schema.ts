import { sql, type Generated, type Kysely, type Migration } from 'kysely';

/** Kagi's own tables as Kysely sees them. Times are ISO 8601 UTC text: portable and sortable. */
export interface KagiDatabase {
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
    /** How the help desk verified the person: 'code', or 'other: <what the agent wrote>'. */
    verification: string | null;
  };
  /** The one current help-desk code of each person (hashed; the person sees it, the agent types it). */
  helpdesk_codes: {
    subject: string;
    code_hash: string;
    created_at: string;
    expires_at: string;
    failed_attempts: number;
  };
  /** A help-desk agent's verified case for one person: every action refers to one. */
  helpdesk_cases: {
    id: string;
    agent: string;
    agent_name: string;
    subject: string;
    ticket: string;
    verification: string;
    created_at: string;
    expires_at: string;
  };
  /** A guided reset: steps the person does themselves in their own session. */
  guided_sessions: {
    id: string;
    case_id: string;
    agent: string;
    agent_name: string;
    subject: string;
    ticket: string;
    /** JSON array of step names, in order. */
    steps: string;
    status: string;
    created_at: string;
    expires_at: string;
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
  '0002-help-desk': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_entries').addColumn('verification', 'text').execute();
      await db.schema
        .createTable('helpdesk_codes')
        .addColumn('subject', 'text', (col) => col.primaryKey())
        .addColumn('code_hash', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('failed_attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('helpdesk_cases')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('agent', 'text', (col) => col.notNull())
        .addColumn('agent_name', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('ticket', 'text', (col) => col.notNull())
        .addColumn('verification', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('guided_sessions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull())
        .addColumn('agent', 'text', (col) => col.notNull())
        .addColumn('agent_name', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('ticket', 'text', (col) => col.notNull())
        .addColumn('steps', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('guided_sessions_subject').on('guided_sessions').columns(['subject', 'status']).execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table guided_sessions`.execute(db);
      await sql`drop table helpdesk_cases`.execute(db);
      await sql`drop table helpdesk_codes`.execute(db);
      await db.schema.alterTable('audit_entries').dropColumn('verification').execute();
    },
  },
});
