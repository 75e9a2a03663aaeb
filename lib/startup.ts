import 'server-only';
import { auditStore } from '@/lib/audit';
import { recoverInterruptedEntries } from '@/lib/audit/recovery';
import { forgetExpiredRevocations } from '@/lib/auth/revocation';
import { config, ConfigError, isProduction } from '@/lib/config';
import { sweepAbandonedEnrolments } from '@/lib/credentials/mfa-enrolments';
import { database } from '@/lib/db';
import { beatHeart, heartbeatMs } from '@/lib/db/instance';
import { describeError, log } from '@/lib/log';
import { installShutdownHandlers, isStopping } from '@/lib/shutdown';

/**
 * Stops the server at start-up, with a message that says why, when the configuration is
 * wrong or the audit store cannot be opened and migrated: better than failing on some later
 * request, or making changes that no record would show. Then keeps this instance's
 * heartbeat and sweeps up after instances that died, and stops gracefully on SIGTERM.
 */
export async function checkStartup(): Promise<void> {
  try {
    const { NODE_ENV, KAGI_LOCAL_STANDIN } = config();
    if (KAGI_LOCAL_STANDIN && isProduction(NODE_ENV)) {
      log.warn({ type: 'config' }, 'KAGI_LOCAL_STANDIN=true: IAM and the identity provider are taken for local stand-ins, and the production checks are off');
    }
    await auditStore();
  } catch (error) {
    // Plain text on stderr, not a JSON line: whoever starts Kagi reads it, and it is the last word.
    console.error(error instanceof ConfigError ? error.message : `Kagi cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  installShutdownHandlers();
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

async function sweep(atStartup: boolean): Promise<void> {
  try {
    await forgetExpiredRevocations();
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
