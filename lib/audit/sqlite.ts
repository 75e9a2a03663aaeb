import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { kyselyAuditStore, migrate } from './kysely-store';
import type { AuditDatabase } from './schema';
import type { AuditStore } from './types';

/** The embedded default: one SQLite file, safe against a crash mid-write (WAL, full sync). */
export async function openSqliteAuditStore(file: string): Promise<AuditStore> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<AuditDatabase>({ dialect: new SqliteDialect({ database }) });
  await migrate(db, 'sqlite');
  return kyselyAuditStore(db);
}
