import 'server-only';
import { database } from '@/lib/db';
import { listAccessKeys } from '@/lib/iam/access-keys';

/**
 * After a crash, entries left 'pending' are attempts whose outcome was never written. A key
 * creation may have succeeded in IAM all the same: match such keys back to their entry, so
 * every key that exists has its creation in the log. Anything else is marked 'interrupted'.
 * Runs at start-up. SQLite means one portal process, so every pending entry is from a dead
 * one; with several instances (PostgreSQL, later) only old entries may be swept.
 */
export async function recoverInterruptedEntries(): Promise<{ recovered: number; interrupted: number }> {
  const db = await database();
  const pending = await db.selectFrom('audit_entries').selectAll().where('outcome', '=', 'pending').orderBy('id').execute();
  let recovered = 0;
  let interrupted = 0;
  for (const entry of pending) {
    let keyId: string | undefined;
    if (entry.action === 'access-key.create') {
      const known = new Set(
        (await db.selectFrom('audit_entries').select('access_key_id').where('subject', '=', entry.subject).where('access_key_id', 'is not', null).execute()).map(
          (r) => r.access_key_id,
        ),
      );
      const since = new Date(entry.at).getTime() - 5_000;
      keyId = (await listAccessKeys(entry.subject)).find((k) => !known.has(k.accessKeyId) && k.createDate.getTime() >= since)?.accessKeyId;
    }
    await db
      .updateTable('audit_entries')
      .set(keyId ? { outcome: 'ok', access_key_id: keyId } : { outcome: 'interrupted' })
      .where('id', '=', entry.id)
      .execute();
    if (keyId) recovered++;
    else interrupted++;
  }
  return { recovered, interrupted };
}
