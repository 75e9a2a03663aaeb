import 'server-only';
import { AppError } from '@/lib/app-error';
import { config } from '@/lib/config';
import { openSqliteAuditStore } from './sqlite';
import type { AuditEntryInput, AuditStore } from './types';

let store: Promise<AuditStore> | undefined;

/** The process's audit store, opened (and migrated) once from DATABASE_URL. */
export function auditStore(): Promise<AuditStore> {
  store ??= openStore(config().DATABASE_URL);
  return store;
}

async function openStore(url: string): Promise<AuditStore> {
  if (url.startsWith('file:')) return openSqliteAuditStore(url.slice('file:'.length));
  throw new Error('DATABASE_URL: PostgreSQL is not supported yet; use file:PATH (SQLite).');
}

/**
 * Runs one mutation with its audit entry: recorded as pending before IAM is called, then
 * finished with 'ok' or the error's stable code. If the process dies in between, the
 * pending entry still shows that the attempt was made.
 */
export async function audited<T>(entry: AuditEntryInput, mutate: () => Promise<T>): Promise<T> {
  const audit = await auditStore();
  const id = await audit.begin(entry);
  try {
    const result = await mutate();
    await audit.finish(id, 'ok');
    return result;
  } catch (error) {
    await audit.finish(id, error instanceof AppError ? error.code : 'internal');
    throw error;
  }
}
