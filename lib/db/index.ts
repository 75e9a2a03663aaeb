import 'server-only';
import type { Kysely } from 'kysely';
import { config } from '@/lib/config';
import { onShutdown } from '@/lib/shutdown';
import { migrate, openDatabaseUrl, redactDatabaseUrl } from './connect';
import { databaseUnavailable } from './errors';
import type { KagiDatabase, SqlDialect } from './schema';

/**
 * Kagi's own records (audit log, help-desk codes and cases, guided sessions, instances) in
 * one database: SQLite for a single instance, PostgreSQL for several. Every rule that must
 * hold across instances is enforced in it, never in process memory.
 */
let opened: Promise<{ db: Kysely<KagiDatabase>; dialect: SqlDialect }> | undefined;

export async function database(): Promise<Kysely<KagiDatabase>> {
  return (await openedDatabase()).db;
}

export async function databaseDialect(): Promise<SqlDialect> {
  return (await openedDatabase()).dialect;
}

function openedDatabase() {
  opened ??= openAndMigrate().catch((error: unknown) => {
    // A later request may find the database back; do not keep the failure for good.
    opened = undefined;
    throw error;
  });
  return opened;
}

async function openAndMigrate() {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = config();
  const { db, dialect } = openDatabaseUrl(DATABASE_URL, { poolSize: DATABASE_POOL_SIZE });
  try {
    await migrate(db, dialect);
  } catch (error) {
    await db.destroy().catch(() => {});
    const where = redactDatabaseUrl(DATABASE_URL);
    const message = databaseUnavailable(error)
      ? `DATABASE_URL: cannot reach the database at ${where} (${describeError(error)}). Check that it is running and reachable from here.`
      : `DATABASE_URL: the database at ${where} refused Kagi or could not be brought up to date (${describeError(error)}).`;
    throw new Error(message, { cause: error });
  }
  // Closed last at shutdown, after the last answer and audit outcome (lib/shutdown).
  onShutdown(() => db.destroy());
  return { db, dialect };
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
