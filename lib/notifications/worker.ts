import 'server-only';
import type { ExpressionBuilder, Selectable } from 'kysely';
import { AppError } from '@/lib/app-error';
import { config } from '@/lib/config';
import { database } from '@/lib/db';
import { deadBefore, INSTANCE_ID } from '@/lib/db/instance';
import type { KagiDatabase } from '@/lib/db/schema';
import { describeError, log } from '@/lib/log';
import { isStopping, mustFinishBeforeExit } from '@/lib/shutdown';
import type { ChangeFacts, ChangeNoticeKind, ReminderFacts } from './kinds';
import { describeSendError, messageIdOf, sendMessage } from './mailer';
import { notificationsEnabled, onDeliveryNudge } from './outbox';
import { oneClickUnsubscribeUrl, remindersEnabled, unsubscribePageUrl } from './preferences';
import { addresseeOf, type Addressee } from './recipients';
import { renderChangeNotice, renderReminders, type RenderedMessage } from './templates';

/**
 * Delivery: every instance runs this worker; the database decides who sends what.
 *
 * - A row is claimed by one conditional UPDATE (pending and due, or a claim gone stale), so of
 *   several instances exactly one gets it. The claim names this instance and holds a lease.
 * - A claim goes stale when its instance is dead (its heartbeat stopped: lib/db/instance.ts)
 *   or its lease ran out: a process SIGKILLed mid-send leaves its row to the next instance.
 * - Sent, the row is marked 'sent'. A refusal or an unreachable server puts it back with a
 *   doubling delay (MAIL_RETRY_SECONDS, 2×, 4×…); after MAIL_MAX_ATTEMPTS tries it is 'failed',
 *   and the help desk's audit view shows it.
 *
 * What is guaranteed: nothing is lost (a row exists from the change's commit on and stays
 * until sent or failed), and nothing is sent twice except in one window: the process dies
 * after the mail server has said "250 accepted" and before the row is marked sent. The row
 * is then sent again, with the same Message-ID (mailer.ts), so the copy is recognisable.
 */

const POLL_MS = 2_000;
const LEASE_MS = 5 * 60_000;
const BATCH = 10;
const MAX_DELAY_MS = 6 * 60 * 60_000;

type OutboxRow = Selectable<KagiDatabase['notification_outbox']>;

/** Claims up to `limit` due rows for this instance: each by one conditional update. */
export async function claimDue(limit = BATCH, now = new Date()): Promise<OutboxRow[]> {
  const db = await database();
  const at = now.toISOString();
  const cutoff = deadBefore(now.getTime());
  const claimable = (eb: ExpressionBuilder<KagiDatabase, 'notification_outbox'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', at)]),
      eb.and([
        eb('status', '=', 'sending'),
        eb.or([
          eb('lease_until', '<', at),
          eb('claimed_by', 'in', eb.selectFrom('portal_instances as dead').select('dead.id').where('dead.heartbeat_at', '<', cutoff).where('dead.id', '!=', INSTANCE_ID)),
        ]),
      ]),
    ]);
  const candidates = await db.selectFrom('notification_outbox').select('id').where(claimable).orderBy('id').limit(limit).execute();
  const claimed: OutboxRow[] = [];
  for (const { id } of candidates) {
    const row = await db
      .updateTable('notification_outbox')
      .set((eb) => ({ status: 'sending', claimed_by: INSTANCE_ID, lease_until: new Date(now.getTime() + LEASE_MS).toISOString(), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where(claimable)
      .returningAll()
      .executeTakeFirst();
    if (row) claimed.push(row);
  }
  return claimed;
}

/** The delay before try number `attempts + 1`: MAIL_RETRY_SECONDS, doubled each time, at most 6 hours. */
export function retryDelayMs(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

async function settle(id: number, values: Partial<OutboxRow>): Promise<void> {
  await (await database())
    .updateTable('notification_outbox')
    .set({ ...values, claimed_by: null, lease_until: null })
    .where('id', '=', id)
    .where('claimed_by', '=', INSTANCE_ID)
    .where('status', '=', 'sending')
    .execute();
}

/** Puts a row back for a later try, or marks it failed after MAIL_MAX_ATTEMPTS tries. */
async function retryLater(row: OutboxRow, reason: string, recipient: string | null): Promise<void> {
  const failed = row.attempts >= config().MAIL_MAX_ATTEMPTS;
  const next = new Date(Date.now() + retryDelayMs(row.attempts, config().MAIL_RETRY_SECONDS)).toISOString();
  await settle(row.id, failed ? { status: 'failed', last_error: reason, recipient } : { status: 'pending', next_attempt_at: next, last_error: reason });
  log.warn({ type: 'notification', outboxId: row.id, kind: row.kind, subject: row.subject, attempts: row.attempts, status: failed ? 'failed' : 'retrying', error: reason }, failed ? 'notification failed for good' : 'notification not sent yet, retrying');
}

/** Renders and sends one claimed row, then records what happened. */
async function deliver(row: OutboxRow): Promise<void> {
  let person: Addressee | null;
  try {
    person = await addresseeOf(row.subject);
  } catch (error) {
    // The address could not be read from IAM just now (IAM_EMAIL_TAG): like a mail server that is down.
    return retryLater(row, `address not read from IAM (${error instanceof AppError ? error.code : 'internal'})`, null);
  }
  if (!person) {
    // Nobody to write to: the person never signed in, or their provider did not verify an address.
    await settle(row.id, { status: 'no-address' });
    log.info({ type: 'notification', outboxId: row.id, kind: row.kind, subject: row.subject, status: 'no-address' }, 'notification not sent: no verified address');
    return;
  }
  if (row.kind === 'reminders' && !(await remindersEnabled(row.subject))) {
    await settle(row.id, { status: 'opted-out' });
    return;
  }
  const recipient = { name: person.name, locale: person.locale, timeZone: person.timeZone };
  const portalUrl = config().NEXTAUTH_URL;
  let unsubscribeUrl: string | undefined;
  try {
    // Rendering counts as part of the try: a row that cannot be rendered ends 'failed', not looping.
    let message: RenderedMessage;
    if (row.kind === 'reminders') {
      unsubscribeUrl = oneClickUnsubscribeUrl(row.subject);
      message = renderReminders(JSON.parse(row.facts) as ReminderFacts, recipient, { portalUrl, unsubscribeUrl: unsubscribePageUrl(row.subject) });
    } else {
      message = renderChangeNotice(row.kind as ChangeNoticeKind, JSON.parse(row.facts) as ChangeFacts, recipient, { portalUrl });
    }
    await sendMessage({ to: person.email, messageId: messageIdOf(row.id, row.created_at), unsubscribeUrl }, message);
  } catch (error) {
    return retryLater(row, describeSendError(error), person.email);
  }
  await settle(row.id, { status: 'sent', sent_at: new Date().toISOString(), recipient: person.email, last_error: null });
  log.info({ type: 'notification', outboxId: row.id, kind: row.kind, subject: row.subject, attempts: row.attempts, status: 'sent', addressFrom: person.source }, 'notification sent');
}

/** One round: claim what is due and send it, one message at a time. Returns how many were handled. */
export async function deliverDue(): Promise<number> {
  const rows = await claimDue();
  for (const row of rows) {
    // Once claimed, a send is finished even during a shutdown: lib/shutdown waits for it.
    const sending = deliver(row).catch((error: unknown) => {
      log.warn({ type: 'notification', outboxId: row.id, error: describeError(error) }, 'notification delivery interrupted; the claim will be taken again');
    });
    const forget = mustFinishBeforeExit(() => sending.then(() => true));
    await sending;
    forget();
    if (isStopping()) break;
  }
  return rows.length;
}

let started = false;

/**
 * Runs the worker in this process until it stops: every POLL_MS, and at once when a change
 * has queued a message here. On SIGTERM it claims nothing new; the send under way finishes.
 * Rows claimed but not sent stay with this instance until it is taken for dead.
 */
export function startDelivery(): void {
  if (started || !notificationsEnabled()) return;
  started = true;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    if (isStopping()) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    try {
      do {
        again = false;
        // A full batch means there may be more.
        if ((await deliverDue()) >= BATCH) again = true;
      } while (again && !isStopping());
    } catch (error) {
      log.warn({ type: 'notification', error: describeError(error) }, 'notification delivery deferred');
    } finally {
      running = false;
      if (!isStopping()) timer = setTimeout(() => void run(), POLL_MS).unref();
    }
  };
  onDeliveryNudge(() => void run());
  timer = setTimeout(() => void run(), 0).unref();
}
