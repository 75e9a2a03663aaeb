import 'server-only';
import { accountById, servesSeveralAccounts } from '@/lib/accounts';
import type { Selectable, Transaction } from 'kysely';
import { config } from '@/lib/config';
import type { KagiDatabase } from '@/lib/db/schema';
import { noticeKindOf, type ChangeFacts, type NoticeKind, type ReminderFacts } from './kinds';

/**
 * The outbox: every message Kagi means to send is first a row in its database, written in the
 * same transaction as what it announces, then sent by a worker (./worker.ts). A change is
 * therefore never blocked by the mail server, and a message is never lost by a crash: either
 * both the change's record and its row exist, or neither. `dedupe_key` is unique, so writing
 * the same message twice (a retried outcome, two instances) leaves one row.
 */

type Db = Transaction<KagiDatabase>;

/** Off without SMTP_URL: nothing is queued that would go out weeks later once mail is set up. */
export function notificationsEnabled(): boolean {
  return config().SMTP_URL !== undefined;
}

export async function enqueue(
  trx: Db,
  message: { dedupeKey: string; kind: NoticeKind; subject: string; facts: ChangeFacts | ReminderFacts },
  now = new Date(),
): Promise<number | null> {
  const row = await trx
    .insertInto('notification_outbox')
    .values({
      dedupe_key: message.dedupeKey,
      kind: message.kind,
      subject: message.subject,
      facts: JSON.stringify(message.facts),
      created_at: now.toISOString(),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** With several accounts, the change's account by the name it has in the accounts file now. */
function accountFacts(accountId: string | null): Pick<ChangeFacts, 'account'> {
  const account = accountId && servesSeveralAccounts() ? accountById(accountId) : undefined;
  return account?.id && account.name ? { account: { id: account.id, name: account.name } } : {};
}

/**
 * The notice for an audit entry just finished 'ok', or 'unconfirmed' (the change may have been
 * made: the person must hear of it all the same, saying so), if its action announces
 * anything; true when a row was written (call nudgeDelivery once the transaction has committed).
 */
export async function enqueueChangeNotice(trx: Db, entry: Selectable<KagiDatabase['audit_entries']>): Promise<boolean> {
  const kind = noticeKindOf(entry.action);
  if (!kind || (entry.outcome !== 'ok' && entry.outcome !== 'unconfirmed') || !notificationsEnabled()) return false;
  const facts: ChangeFacts = {
    at: entry.at,
    byHelpdesk: entry.actor.toLowerCase() !== entry.subject.toLowerCase(),
    actorName: entry.actor_name,
    ticket: entry.ticket,
    // Only the method: what an agent wrote about "another way" stays in the audit log.
    verification: entry.verification == null ? null : entry.verification === 'code' ? 'code' : 'other',
    accessKeyId: entry.access_key_id,
    keyName: entry.key_name,
    ...(entry.outcome === 'unconfirmed' ? { unconfirmed: true } : {}),
    ...accountFacts(entry.account_id),
  };
  return (await enqueue(trx, { dedupeKey: `audit:${entry.id}`, kind, subject: entry.subject, facts })) !== null;
}

/**
 * Wakes this process's delivery worker at once instead of at its next poll; call it after the
 * transaction that wrote a row has committed. On globalThis because Next bundles the routes
 * and instrumentation.ts apart (two copies of this module in one process).
 */
export function nudgeDelivery(): void {
  (globalThis as { [key: symbol]: (() => void) | undefined })[Symbol.for('kagi.delivery-nudge')]?.();
}

export function onDeliveryNudge(wake: () => void): void {
  (globalThis as { [key: symbol]: (() => void) | undefined })[Symbol.for('kagi.delivery-nudge')] = wake;
}
