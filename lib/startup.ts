import 'server-only';
import { randomUUID } from 'node:crypto';
import { accountById, ownAccount } from '@/lib/accounts';
import { AppError } from '@/lib/app-error';
import { audited, auditStore } from '@/lib/audit';
import { recoverInterruptedEntries } from '@/lib/audit/recovery';
import { forgetExpiredRevocations } from '@/lib/auth/revocation';
import { releaseSignInLink } from '@/lib/auth/sign-in-link';
import { config, ConfigError, isProduction, redactSmtpUrl } from '@/lib/config';
import { sweepAbandonedEnrolments } from '@/lib/credentials/mfa-enrolments';
import { database } from '@/lib/db';
import { beatHeart, heartbeatMs } from '@/lib/db/instance';
import { settleGuidedSessions } from '@/lib/helpdesk/guided';
import { describeError, log } from '@/lib/log';
import { closeMailTransport } from '@/lib/notifications/mailer';
import { notificationsEnabled } from '@/lib/notifications/outbox';
import { protectedPathPolicyMismatch } from '@/lib/protected-path-policy';
import { runReminderPassIfDue } from '@/lib/notifications/reminders';
import { deliverDue, startDelivery } from '@/lib/notifications/worker';
import { inAccount } from '@/lib/iam/account-scope';
import { installShutdownHandlers, isStopping, onShutdown } from '@/lib/shutdown';

/**
 * Stops the server at start-up, with a message that says why, when the configuration is
 * wrong or the audit store cannot be opened and migrated: better than failing on some later
 * request, or making changes that no record would show. Then keeps this instance's
 * heartbeat and sweeps up after instances that died, and stops gracefully on SIGTERM.
 */
export async function checkStartup(): Promise<void> {
  try {
    const { NODE_ENV, KAGI_LOCAL_STANDIN, HELPDESK_PROTECTED_PATH_PREFIX } = config();
    if (KAGI_LOCAL_STANDIN && isProduction(NODE_ENV)) {
      log.warn({ type: 'config' }, 'KAGI_LOCAL_STANDIN=true: IAM and the identity provider are taken for local stand-ins, and the production checks are off');
    }
    if (isProduction(NODE_ENV)) {
      const mismatch = protectedPathPolicyMismatch(HELPDESK_PROTECTED_PATH_PREFIX);
      if (mismatch) log.warn({ type: 'config', variable: 'HELPDESK_PROTECTED_PATH_PREFIX' }, mismatch);
    }
    await auditStore();
  } catch (error) {
    // Plain text on stderr, not a JSON line: whoever starts Kagi reads it, and it is the last word.
    console.error(error instanceof ConfigError ? error.message : `Kagi cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (config().KAGI_TASK === 'reminders') return runReminderTask();
  if (config().KAGI_TASK === 'release-sign-in-link') return runReleaseSignInLinkTask();
  installShutdownHandlers();
  startNotifications();
  // Not awaited: recovery may call IAM, and start-up needs neither IAM nor the identity
  // provider (an IAM that does not answer would hold the server back for its timeouts).
  void sweep(true);
  every(heartbeatMs(), heartbeat);
  // Often enough that a dead instance's entries are resolved soon after it is taken for dead.
  every(3 * heartbeatMs(), () => sweep(false));
}

/** Repeats a task until the process starts shutting down (the database is about to close). */
function every(ms: number, task: () => Promise<void>): void {
  const run = () => {
    if (isStopping()) return;
    void task().finally(() => setTimeout(run, ms).unref());
  };
  setTimeout(run, ms).unref();
}

let heartbeatFailing = false;

async function heartbeat(): Promise<void> {
  try {
    await beatHeart(await database());
    if (heartbeatFailing) log.info({ type: 'database' }, 'database reachable again');
    heartbeatFailing = false;
  } catch (error) {
    if (!heartbeatFailing) log.warn({ type: 'database', error: describeError(error) }, 'heartbeat not written');
    heartbeatFailing = true;
  }
}

/**
 * E-mail, when SMTP_URL is set: this instance's delivery worker, and the reminder schedule
 * (each instance ticks; the database gives each pass to one of them).
 */
function startNotifications(): void {
  const { SMTP_URL, REMINDER_INTERVAL_MINUTES } = config();
  if (!notificationsEnabled() || !SMTP_URL) {
    log.info({ type: 'notifications', state: 'off' }, 'notifications are off: SMTP_URL is not set');
    return;
  }
  log.info({ type: 'notifications', state: 'on', smtp: redactSmtpUrl(SMTP_URL) }, 'notifications are on');
  onShutdown(async () => closeMailTransport());
  startDelivery();
  const everyMs = REMINDER_INTERVAL_MINUTES * 60_000;
  // Ticks with the sweep, far more often than a pass is due: a tick that finds the pass not
  // due (or taken) costs one conditional UPDATE, and a pass another instance abandoned is
  // taken up soon.
  every(3 * heartbeatMs(), async () => {
    try {
      await runReminderPassIfDue(everyMs);
    } catch (error) {
      log.warn({ type: 'reminders', error: describeError(error) }, 'reminder pass deferred');
    }
  });
}

/**
 * `npm run reminders` (a cron job): the portal's own build and configuration run one reminder
 * pass, send what it queued, and exit: 0 done, 1 failed, 2 another pass is under way.
 */
async function runReminderTask(): Promise<void> {
  try {
    if (!notificationsEnabled()) {
      console.error('npm run reminders: notifications are off (SMTP_URL is not set); nothing to do.');
      process.exit(0);
    }
    const db = await database();
    // Its claims on messages must not look like a dead instance's while it runs.
    const heartbeat = setInterval(() => void beatHeart(db).catch(() => {}), heartbeatMs());
    const result = await runReminderPassIfDue(0);
    if (!result.ran) {
      console.error('npm run reminders: another reminder pass is under way; try later.');
      process.exit(2);
    }
    // Send what this pass queued (and anything else due) before exiting.
    while ((await deliverDue()) > 0);
    clearInterval(heartbeat);
    closeMailTransport();
    console.log(JSON.stringify({ task: 'reminders', users: result.users, people: result.people, reminders: result.reminders }));
    process.exit(0);
  } catch (error) {
    console.error(`npm run reminders failed: ${describeError(error)}`);
    process.exit(1);
  }
}

/**
 * `npm run sign-in-link -- release <iam user> <ticket> [--account <ID>]` (an administrator):
 * the portal's build and settings release one IAM user's pin (in Kagi's own account, or the one
 * named), as the help desk's action does, with one audit entry under the ticket. Exit 0
 * released, 3 nothing to release, 1 failed.
 */
async function runReleaseSignInLinkTask(): Promise<void> {
  const { KAGI_TASK_IAM_USER: userName, KAGI_TASK_TICKET: ticket, KAGI_TASK_OPERATOR: operator, KAGI_TASK_ACCOUNT: accountId } = config();
  if (!userName || !ticket) {
    console.error('npm run sign-in-link -- release <iam user> <ticket>: both are needed.');
    process.exit(1);
  }
  const account = accountId ? accountById(accountId) : ownAccount();
  if (!account) {
    console.error(`npm run sign-in-link: Kagi does not serve the AWS account ${accountId} (KAGI_ACCOUNTS_FILE).`);
    process.exit(1);
  }
  const actor = `administrator:${operator ?? 'unknown'}`;
  try {
    const released = await inAccount(account, () => audited(
      { requestId: `cli-${randomUUID()}`, actor, actorName: `Administrator (${operator ?? 'command line'})`, subject: userName, action: 'sign-in-link.release', ticket },
      async () => {
        const link = await releaseSignInLink(userName);
        if (!link) throw new AppError('no-sign-in-link');
        return link;
      },
    ));
    console.log(JSON.stringify({ task: 'release-sign-in-link', iamUserName: userName, releasedSubject: released.subject, linkedAt: released.linked_at }));
    process.exit(0);
  } catch (error) {
    if (error instanceof AppError && error.code === 'no-sign-in-link') {
      console.error(`npm run sign-in-link: no sign-in is linked to ${userName} (IAM's exact spelling); nothing released.`);
      process.exit(3);
    }
    console.error(`npm run sign-in-link failed: ${describeError(error)}`);
    process.exit(1);
  }
}

async function sweep(atStartup: boolean): Promise<void> {
  try {
    await forgetExpiredRevocations();
    await settleGuidedSessions();
    const { recovered, interrupted } = await recoverInterruptedEntries({ atStartup });
    if (recovered + interrupted > 0) {
      log.warn({ type: 'recovery', recovered, interrupted }, 'audit entries left pending by a dead instance resolved');
    }
  } catch (error) {
    // IAM or the database unreachable: the entries stay pending and the next sweep tries again.
    log.warn({ type: 'recovery', error: describeError(error) }, 'audit recovery deferred');
  }
  try {
    const deleted = await sweepAbandonedEnrolments();
    if (deleted > 0) log.info({ type: 'mfa-sweep', deleted }, 'unused MFA devices of unfinished set-ups deleted');
  } catch (error) {
    // The records stay; the next sweep tries again.
    log.warn({ type: 'mfa-sweep', error: describeError(error) }, 'MFA set-up sweep deferred');
  }
}
