import 'server-only';
import { AppError } from '@/lib/app-error';
import { auditStore } from '@/lib/audit';
import type { AuditAction } from '@/lib/audit/types';

export interface RateLimit {
  action: AuditAction;
  max: number;
  windowSeconds: number;
}

/** Ten new keys an hour is far beyond honest use and stops a runaway script or a stolen session. */
export const KEY_CREATION_LIMIT: RateLimit = { action: 'access-key.create', max: 10, windowSeconds: 3600 };

/** Five password attempts in 15 minutes: enough for typos, too few for guessing games. */
export const PASSWORD_CHANGE_LIMIT: RateLimit = { action: 'console-password.set', max: 5, windowSeconds: 15 * 60 };

/**
 * Counts the actor's recent attempts from the audit log itself, so every portal instance
 * sharing the database sees the same count without a counter of its own. Call it inside
 * `audited()`: the count then includes this attempt, already recorded as pending.
 */
export async function enforceRateLimit(actor: string, limit: RateLimit): Promise<void> {
  const since = new Date(Date.now() - limit.windowSeconds * 1000);
  const attempts = await (await auditStore()).countAttempts(actor, limit.action, since);
  if (attempts > limit.max) {
    throw new AppError('rate-limited', { retryAfterSeconds: limit.windowSeconds });
  }
}
