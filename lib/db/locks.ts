import 'server-only';
import { sql, type Transaction } from 'kysely';
import type { KagiDatabase, SqlDialect } from './schema';

/**
 * Serialises, across every instance, the transactions that take the same key, until they
 * commit: PostgreSQL's transaction-scoped advisory lock. SQLite needs none: Kagi holds one
 * connection to it, and a transaction keeps that connection (and the file's write lock) to
 * itself, so transactions already run one at a time.
 */
export async function lockForTransaction(trx: Transaction<KagiDatabase>, dialect: SqlDialect, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}
