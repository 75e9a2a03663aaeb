import type { RateLimit } from '@/lib/audit/types';

/**
 * Limits counted from the audit log itself, so every portal instance sharing the database
 * sees the same count without a counter of its own; `audited(…, { rateLimit })` counts and
 * records in one atomic step.
 */

/** Ten new keys an hour is far beyond honest use and stops a runaway script or a stolen session. */
export const KEY_CREATION_LIMIT: RateLimit = { action: 'access-key.create', max: 10, windowSeconds: 3600 };

/** Five password attempts in 15 minutes: enough for typos, too few for guessing games. */
export const PASSWORD_CHANGE_LIMIT: RateLimit = { action: 'console-password.set', max: 5, windowSeconds: 15 * 60 };
