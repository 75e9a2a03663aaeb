import 'server-only';
import { AppError } from '@/lib/app-error';
import { describeError, log } from '@/lib/log';
import { database, databaseDialect } from '@/lib/db';
import { registerInstance } from '@/lib/db/instance';
import { currentAccount } from '@/lib/iam/account-scope';
import { mustFinishBeforeExit } from '@/lib/shutdown';
import { kyselyAuditStore } from './kysely-store';
import type { AuditCompletion, AuditEntryInput, AuditOutcome, AuditStore, RateLimit } from './types';

let store: Promise<AuditStore> | undefined;

/**
 * The process's audit store, on the database opened (and migrated) from DATABASE_URL. The
 * instance is registered before its first entry, so every entry has a known owner.
 */
export function auditStore(): Promise<AuditStore> {
  store ??= (async () => {
    const db = await database();
    await registerInstance(db);
    return kyselyAuditStore(db, await databaseDialect());
  })().catch((error: unknown) => {
    store = undefined;
    throw error;
  });
  return store;
}

/**
 * Runs one mutation with its audit entry: recorded as pending before IAM is called, then
 * finished with 'ok' or the error's stable code. If the process dies in between, the
 * pending entry still shows that the attempt was made. If the entry cannot be written,
 * IAM is not called at all. With a rate limit, an attempt beyond it is recorded as
 * 'rate-limited' and refused before anything else happens. `outcome` names what a result
 * that is not plainly 'ok' means (e.g. 'unconfirmed': IAM's answer was lost); `keyName` the
 * access key's name once the change was made, kept with the entry.
 */
export async function audited<T>(
  entry: AuditEntryInput,
  mutate: () => Promise<T>,
  options: { rateLimits?: readonly RateLimit[]; outcome?: (result: T) => AuditOutcome; keyName?: (result: T) => string | null } = {},
): Promise<T> {
  const audit = await auditStore();
  // Every change names the AWS account it is made in: the one its IAM calls go to.
  if (entry.accountId === undefined) entry = { ...entry, accountId: currentAccount().id };
  const { id, rateLimited, retryAfterSeconds } = await audit.begin(entry, { rateLimits: options.rateLimits });
  if (rateLimited) {
    logEntry(id, entry, 'rate-limited');
    // When, exactly: in the Retry-After header and, for the page, as `retryAfter` (seconds).
    throw new AppError('rate-limited', { retryAfterSeconds, extra: { retryAfter: retryAfterSeconds } });
  }
  let result: T;
  try {
    result = await mutate();
  } catch (error) {
    const outcome = error instanceof AppError ? error.code : 'internal';
    await finishSurely(audit, id, outcome);
    logEntry(id, entry, outcome);
    throw error;
  }
  // A created key is known only now; its ID (never its secret) completes the entry.
  const createdKeyId =
    entry.accessKeyId == null && typeof result === 'object' && result !== null && 'accessKeyId' in result ? String(result.accessKeyId) : undefined;
  const outcome = options.outcome?.(result) ?? 'ok';
  await finishSurely(audit, id, outcome, { accessKeyId: createdKeyId, keyName: options.keyName?.(result) ?? null });
  logEntry(id, { ...entry, accessKeyId: entry.accessKeyId ?? createdKeyId }, outcome);
  return result;
}

/** One JSON line per audit entry, once its outcome is known: the log platform's copy of the audit. */
function logEntry(id: number, entry: AuditEntryInput, outcome: AuditOutcome): void {
  log.info(
    {
      type: 'audit',
      auditId: id,
      requestId: entry.requestId,
      actor: entry.actor,
      subject: entry.subject,
      action: entry.action,
      accessKeyId: entry.accessKeyId ?? null,
      ticket: entry.ticket ?? null,
      accountId: entry.accountId ?? null,
      outcome,
    },
    'audit',
  );
}

const FINISH_RETRY_MAX_MS = 30_000;

/**
 * Writes the outcome. The change has happened (or failed) in IAM by now, so losing the
 * database here must not lose the answer, a new secret key above all: the outcome is
 * retried in the background until the database is back, and once more at shutdown before
 * the process exits (lib/shutdown). Should this process die first, the entry is still
 * pending under its instance, and another instance resolves it.
 */
function finishSurely(audit: AuditStore, id: number, outcome: AuditOutcome, completion: AuditCompletion = {}): Promise<void> {
  let delay = 500;
  let written = false;
  let forget: (() => void) | undefined;
  const tryOnce = async (): Promise<boolean> => {
    if (written) return true;
    await audit.finish(id, outcome, completion);
    written = true;
    forget?.();
    return true;
  };
  const attempt = (): Promise<void> =>
    tryOnce().then(
      () => undefined,
      (error: unknown) => {
        if (delay === 500) {
          log.warn({ type: 'audit-retry', auditId: id, outcome, error: describeError(error) }, 'audit outcome not written yet, retrying');
          forget = mustFinishBeforeExit(tryOnce);
        }
        setTimeout(() => void attempt(), delay).unref();
        delay = Math.min(delay * 2, FINISH_RETRY_MAX_MS);
      },
    );
  return attempt();
}
