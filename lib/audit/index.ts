import 'server-only';
import { AppError } from '@/lib/app-error';
import { database } from '@/lib/db';
import { kyselyAuditStore } from './kysely-store';
import type { AuditEntryInput, AuditStore } from './types';

let store: Promise<AuditStore> | undefined;

/** The process's audit store, on the database opened (and migrated) from DATABASE_URL. */
export function auditStore(): Promise<AuditStore> {
  store ??= database().then(kyselyAuditStore);
  return store;
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
    // A created key is known only now; its ID (never its secret) completes the entry.
    const createdKeyId =
      entry.accessKeyId == null && typeof result === 'object' && result !== null && 'accessKeyId' in result
        ? String(result.accessKeyId)
        : undefined;
    await audit.finish(id, 'ok', createdKeyId);
    return result;
  } catch (error) {
    await audit.finish(id, error instanceof AppError ? error.code : 'internal');
    throw error;
  }
}
