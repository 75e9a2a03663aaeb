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
    /** The MFA device's IAM name, for entries about one (from migration 0007). */
    mfa_device: Generated<string | null>;
    /**
     * The access key's name once the change was made (from migration 0011): so that the notice
     * and the activity can still say which key it was after the key and its name are deleted.
     */
    key_name: Generated<string | null>;
    ticket: string | null;
    outcome: string;
    /** How the help desk verified the person: 'code', or 'other: <what the agent wrote>'. */
    verification: string | null;
    /** The portal instance that made the attempt: whose pending entries are whose to resolve. */
    instance_id: string | null;
    /** The AWS account acted in (from migration 0013); null: Kagi's own, with no accounts file. */
    account_id: Generated<string | null>;
  };
  /** Single sessions ended on the server (sign-out): a copied cookie is refused by every instance. */
  session_revocations: {
    /** The session's ID from its cookie (sid:…), or for a cookie without one its person and sign-in time. */
    session: string;
    /** When the session began (epoch seconds): past the 8-hour cap the row can go. */
    signed_in_at: number;
    revoked_at: string;
    reason: string;
  };
  /** "Sign out everywhere": every session of this person (sub:… or iam:…) signed in before not_before is over. */
  session_cutoffs: {
    person: string;
    not_before: number;
    updated_at: string;
    reason: string;
  };
  /** Every portal process that has served on this database, and whether it is still alive. */
  portal_instances: {
    id: string;
    host: string;
    pid: number;
    started_at: string;
    /** Written every INSTANCE_HEARTBEAT_SECONDS while the process lives. */
    heartbeat_at: string;
    /** The instance that took over this one's pending entries after it died. */
    recovered_by: string | null;
    recovered_at: string | null;
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
    /** When the agent ended it (End the case); null while open or once simply run out. */
    ended_at: Generated<string | null>;
    /** A case opened "another way" needs a second help-desk member's approval before any action. */
    approved_by: Generated<string | null>;
    approved_by_name: Generated<string | null>;
    approved_at: Generated<string | null>;
    /** The AWS account the case is about (from migration 0013); null: Kagi's own. */
    account_id: Generated<string | null>;
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
    /** The case's AWS account: only the person's changes there count as steps (from 0013). */
    account_id: Generated<string | null>;
  };
  /**
   * Who has signed in, as the identity provider last described them: the help desk finds
   * people by name or address here, and notifications know where and in which language to write.
   */
  /**
   * Authenticator-app set-ups begun and not yet finished: the virtual device IAM holds for each,
   * so one left behind (dialog closed, tab gone, process died) is deleted by the sweep. Never
   * the seed: Kagi does not keep it.
   */
  mfa_enrolments: {
    /** The device's IAM name (unique in the account). */
    device_name: string;
    serial_number: string;
    /** The IAM user it is for. */
    subject: string;
    created_at: string;
    /** The instance sweeping it, and since when: one sweeper per device however many instances run. */
    claimed_by: Generated<string | null>;
    claimed_at: Generated<string | null>;
    /** The AWS account the device was made in (from migration 0013); null: Kagi's own. */
    account_id: Generated<string | null>;
  };
  people: {
    /** The identity provider's `sub`. */
    subject: string;
    /** The IAM user linked at the last sign-in; null when none was. */
    iam_user_name: string | null;
    /** The sign-in name at the identity provider (preferred_username). */
    user_name: string;
    display_name: string;
    /** Only an address the identity provider has verified (email_verified true); otherwise null. */
    email: string | null;
    locale: string;
    time_zone: string;
    first_seen_at: string;
    last_sign_in_at: string;
    updated_at: string;
  };
  /**
   * The pin (from migration 0012): an IAM user is linked to at most one identity-provider
   * subject. The first sign-in that claims an unpinned user writes the row; another subject
   * claiming it is refused until the help desk or an administrator releases it.
   */
  identity_links: {
    iam_user_name: string;
    /** The identity provider's `sub` that holds the IAM user. */
    subject: string;
    linked_at: string;
    /** 'sign-in' (the first claim), or 'migration' (an existing link pinned by 0012). */
    linked_by: string;
  };
  /**
   * Messages to send (lib/notifications). A change notice is written in the same transaction
   * as its audit entry's outcome; a worker in each instance claims, sends and marks it.
   */
  notification_outbox: {
    id: Generated<number>;
    /** What makes it one message: 'audit:<entry id>', 'guided:<session id>', 'reminders:<user>:<day>'. */
    dedupe_key: string;
    kind: string;
    /** The IAM user it is about; the address, language and time zone are looked up when sending. */
    subject: string;
    /** JSON: what the message says (who, when, which key, ticket). Never a secret. */
    facts: string;
    created_at: string;
    /** 'pending', 'sending' (claimed), 'sent', 'failed' (gave up), 'no-address' (nobody to write to). */
    status: string;
    attempts: number;
    next_attempt_at: string;
    /** The instance sending it now, and until when its claim holds. */
    claimed_by: string | null;
    lease_until: string | null;
    sent_at: string | null;
    recipient: string | null;
    /** Why the last try failed, as the mail server's code or the error's kind; never a credential. */
    last_error: string | null;
  };
  /** A reminder sent: once per key and threshold ('due-soon', 'overdue', 'unused'). */
  reminder_marks: {
    access_key_id: string;
    threshold: string;
    subject: string;
    outbox_id: number;
    created_at: string;
  };
  /** People who turned reminders off (change notices cannot be turned off). */
  reminder_opt_outs: {
    iam_user_name: string;
    opted_out_at: string;
  };
  /** Work done every so often by one instance at a time (the reminder pass), claimed with a lease. */
  scheduled_runs: {
    name: string;
    claimed_by: string | null;
    lease_until: string | null;
    last_finished_at: string | null;
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
  '0003-several-instances': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_entries').addColumn('instance_id', 'text').execute();
      await db.schema.createIndex('audit_entries_instance_outcome').on('audit_entries').columns(['instance_id', 'outcome']).execute();
      await db.schema
        .createTable('portal_instances')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('host', 'text', (col) => col.notNull())
        .addColumn('pid', 'integer', (col) => col.notNull())
        .addColumn('started_at', 'text', (col) => col.notNull())
        .addColumn('heartbeat_at', 'text', (col) => col.notNull())
        .addColumn('recovered_by', 'text')
        .addColumn('recovered_at', 'text')
        .execute();
      // Entries left pending before instances were tracked belong to a long-dead one, which
      // the first start recovers like any other.
      await sql`insert into portal_instances (id, host, pid, started_at, heartbeat_at) values (${LEGACY_INSTANCE}, '', 0, ${EPOCH}, ${EPOCH})`.execute(db);
      await sql`update audit_entries set instance_id = ${LEGACY_INSTANCE} where outcome = 'pending'`.execute(db);

      // Ending a case is a one-time step: the column makes a second end (on any instance) a no-op.
      await db.schema.alterTable('helpdesk_cases').addColumn('ended_at', 'text').execute();

      // At most one open guided session per person, held by the database itself. Older
      // duplicates (possible before) are cancelled first, keeping the newest.
      await sql`
        update guided_sessions set status = 'cancelled'
        where status = 'open' and exists (
          select 1 from guided_sessions newer
          where newer.subject = guided_sessions.subject and newer.status = 'open'
            and (newer.created_at > guided_sessions.created_at or (newer.created_at = guided_sessions.created_at and newer.id > guided_sessions.id))
        )`.execute(db);
      await db.schema
        .createIndex('guided_sessions_one_open')
        .on('guided_sessions')
        .column('subject')
        .unique()
        .where(sql.ref('status'), '=', 'open')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop index guided_sessions_one_open`.execute(db);
      await db.schema.alterTable('helpdesk_cases').dropColumn('ended_at').execute();
      await sql`drop table portal_instances`.execute(db);
      await sql`drop index audit_entries_instance_outcome`.execute(db);
      await db.schema.alterTable('audit_entries').dropColumn('instance_id').execute();
    },
  },
  '0004-session-revocation': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('session_revocations')
        .addColumn('session', 'text', (col) => col.primaryKey())
        .addColumn('signed_in_at', 'integer', (col) => col.notNull())
        .addColumn('revoked_at', 'text', (col) => col.notNull())
        .addColumn('reason', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('session_cutoffs')
        .addColumn('person', 'text', (col) => col.primaryKey())
        .addColumn('not_before', 'integer', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('reason', 'text', (col) => col.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table session_cutoffs`.execute(db);
      await sql`drop table session_revocations`.execute(db);
    },
  },
  '0005-case-approval': {
    async up(db: Kysely<unknown>) {
      for (const column of ['approved_by', 'approved_by_name', 'approved_at']) {
        await db.schema.alterTable('helpdesk_cases').addColumn(column, 'text').execute();
      }
    },
    async down(db: Kysely<unknown>) {
      for (const column of ['approved_by', 'approved_by_name', 'approved_at']) {
        await db.schema.alterTable('helpdesk_cases').dropColumn(column).execute();
      }
    },
  },
  '0006-people': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('people')
        .addColumn('subject', 'text', (col) => col.primaryKey())
        .addColumn('iam_user_name', 'text')
        .addColumn('user_name', 'text', (col) => col.notNull())
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('email', 'text')
        .addColumn('locale', 'text', (col) => col.notNull())
        .addColumn('time_zone', 'text', (col) => col.notNull())
        .addColumn('first_seen_at', 'text', (col) => col.notNull())
        .addColumn('last_sign_in_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('people_by_iam_user').on('people').column('iam_user_name').execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table people`.execute(db);
    },
  },
  '0007-mfa': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_entries').addColumn('mfa_device', 'text').execute();
      await db.schema
        .createTable('mfa_enrolments')
        .addColumn('device_name', 'text', (col) => col.primaryKey())
        .addColumn('serial_number', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_at', 'text')
        .execute();
      await db.schema.createIndex('mfa_enrolments_by_subject').on('mfa_enrolments').column('subject').execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table mfa_enrolments`.execute(db);
      await db.schema.alterTable('audit_entries').dropColumn('mfa_device').execute();
    },
  },
  '0010-notifications': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notification_outbox')
        .addColumn('id', 'integer', (col) =>
          dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('dedupe_key', 'text', (col) => col.notNull().unique())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('facts', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (col) => col.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('recipient', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('notification_outbox_due').on('notification_outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('notification_outbox_subject').on('notification_outbox').columns(['subject', 'kind', 'created_at']).execute();
      await db.schema
        .createTable('reminder_marks')
        .addColumn('access_key_id', 'text', (col) => col.notNull())
        .addColumn('threshold', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('outbox_id', 'integer', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('reminder_marks_pk', ['access_key_id', 'threshold'])
        .execute();
      await db.schema
        .createTable('reminder_opt_outs')
        .addColumn('iam_user_name', 'text', (col) => col.primaryKey())
        .addColumn('opted_out_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('scheduled_runs')
        .addColumn('name', 'text', (col) => col.primaryKey())
        .addColumn('claimed_by', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('last_finished_at', 'text')
        .execute();
      await sql`insert into scheduled_runs (name) values ('reminders')`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['scheduled_runs', 'reminder_opt_outs', 'reminder_marks', 'notification_outbox']) {
        await sql`drop table ${sql.table(table)}`.execute(db);
      }
    },
  },
  '0011-audit-key-name': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_entries').addColumn('key_name', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_entries').dropColumn('key_name').execute();
    },
  },
  '0012-identity-links': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('identity_links')
        .addColumn('iam_user_name', 'text', (col) => col.primaryKey())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('linked_at', 'text', (col) => col.notNull())
        .addColumn('linked_by', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('identity_links_by_subject').on('identity_links').column('subject').execute();
      // Links made before the pin: the subject that signed in to the user most recently keeps
      // it (that is whom notices went to until now); ties go to the greater subject, so one row.
      await sql`
        insert into identity_links (iam_user_name, subject, linked_at, linked_by)
        select p.iam_user_name, p.subject, p.last_sign_in_at, 'migration' from people p
        where p.iam_user_name is not null and not exists (
          select 1 from people q where q.iam_user_name = p.iam_user_name and q.subject <> p.subject
            and (q.last_sign_in_at > p.last_sign_in_at or (q.last_sign_in_at = p.last_sign_in_at and q.subject > p.subject))
        )`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table identity_links`.execute(db);
    },
  },
  // Several AWS accounts: the account every change was made in, the account an
  // authenticator-app set-up's device lives in (the sweep deletes it there), and the account a
  // help-desk case and its guided reset are about. Null: Kagi's own account, as every row
  // before the accounts file.
  '0013-account-id': {
    async up(db: Kysely<unknown>) {
      for (const table of ACCOUNT_TABLES) await db.schema.alterTable(table).addColumn('account_id', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ACCOUNT_TABLES) await db.schema.alterTable(table).dropColumn('account_id').execute();
    },
  },
});

const ACCOUNT_TABLES = ['audit_entries', 'mfa_enrolments', 'helpdesk_cases', 'guided_sessions'] as const;

/** The owner of entries left pending before migration 0003 recorded instances. */
export const LEGACY_INSTANCE = 'before-0003';
const EPOCH = new Date(0).toISOString();
