import { describeError, log } from '@/lib/log';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrationsFor, type KagiDatabase, type SqlDialect } from './schema';

/**
 * Opening Kagi's database from a DATABASE_URL, for the portal and for tests alike (so no
 * `server-only` here): SQLite in one file for a single instance, PostgreSQL for several.
 */

export interface OpenedDatabase {
  db: Kysely<KagiDatabase>;
  dialect: SqlDialect;
}

export function dialectOf(url: string): SqlDialect {
  return url.startsWith('file:') ? 'sqlite' : 'postgres';
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  if (dialectOf(url) === 'sqlite') return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

export function openDatabaseUrl(url: string, options: { poolSize?: number } = {}): OpenedDatabase {
  return dialectOf(url) === 'sqlite'
    ? { db: openSqlite(url.slice('file:'.length)), dialect: 'sqlite' }
    : { db: openPostgres(url, options.poolSize ?? 10), dialect: 'postgres' };
}

/**
 * One SQLite file. WAL with synchronous=NORMAL: a crashed or killed process loses nothing
 * committed (the log is in the OS before a commit returns), and the file stays consistent;
 * only a power cut may drop the last moments. FULL would fsync on every audit write and,
 * the driver being synchronous, stall every request while it waits.
 */
export function openSqlite(file: string): Kysely<KagiDatabase> {
  if (file !== ':memory:') ownerOnly(file);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<KagiDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * The audit log names people and what was done to their credentials: readable by Kagi's own
 * user only. SQLite would create the file 0644 (less the umask); made 0600 first, it gives
 * the -wal and -shm files the database file's mode itself, whatever the umask. chmod, not
 * only the creation mode, so that a file left 0644 by an earlier version is closed too, and
 * a -wal/-shm left behind by a killed process as well (SQLite reuses those as they are).
 */
function ownerOnly(file: string): void {
  // New directories only: an existing one may be shared on purpose.
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(name, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * A pool of connections to PostgreSQL. TLS follows the URL's `sslmode` (and `sslrootcert`),
 * as managed databases need. A request waits at most 5 s for a connection and a statement
 * runs at most 15 s, so a database that has gone away gives a quick 503, not a hung request.
 */
export function openPostgres(url: string, poolSize: number): Kysely<KagiDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    application_name: 'kagi',
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (error) => log.warn({ type: 'database', error: describeError(error) }, 'database connection lost'));
  return new Kysely<KagiDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Brings the schema up to date; a failure stops start-up rather than losing records. Kysely's
 * migrator takes a lock first (an advisory lock on PostgreSQL), so instances starting at
 * once run each migration exactly once.
 */
export async function migrate(db: Kysely<KagiDatabase>, dialect: SqlDialect): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationsFor(dialect) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
