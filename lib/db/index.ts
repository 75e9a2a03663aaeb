import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { config } from '@/lib/config';
import { migrationsFor, type KagiDatabase, type SqlDialect } from './schema';

/**
 * Kagi's own records (audit log, help-desk verifications and guided sessions) in one
 * database: SQLite by default; the queries are Kysely's, so PostgreSQL can come through
 * the same layer for several instances.
 */
let opened: Promise<Kysely<KagiDatabase>> | undefined;

export function database(): Promise<Kysely<KagiDatabase>> {
  opened ??= openDatabase(config().DATABASE_URL);
  return opened;
}

async function openDatabase(url: string): Promise<Kysely<KagiDatabase>> {
  if (!url.startsWith('file:')) {
    throw new Error('DATABASE_URL: PostgreSQL is not supported yet; use file:PATH (SQLite).');
  }
  const db = openSqlite(url.slice('file:'.length));
  await migrate(db, 'sqlite');
  return db;
}

/**
 * One SQLite file. WAL with synchronous=NORMAL: a crashed or killed process loses nothing
 * committed (the log is in the OS before a commit returns), and the file stays consistent;
 * only a power cut may drop the last moments. FULL would fsync on every audit write and,
 * the driver being synchronous, stall every request while it waits.
 */
export function openSqlite(file: string): Kysely<KagiDatabase> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<KagiDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Brings the schema up to date; a failure stops start-up rather than losing records. */
export async function migrate(db: Kysely<KagiDatabase>, dialect: SqlDialect): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationsFor(dialect) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
