import type { RateLimit } from '@/lib/audit/types';

/**
 * Limits counted from the audit log itself, so every portal instance sharing the database
 * sees the same count without a counter of its own; `audited(…, { rateLimit })` counts and
 * records in one atomic step.
 */

/** Ten new keys an hour is far beyond honest use and stops a runaway script or a stolen session. */
export const KEY_CREATION_LIMIT: RateLimit = { action: 'access-key.create', max: 10, windowSeconds: 3600 };

/** Ten authenticator-app set-ups an hour: each makes a device in IAM, and nobody needs more. */
export const MFA_ENROLMENT_LIMIT: RateLimit = { action: 'mfa-device.create', max: 10, windowSeconds: 3600 };

/**
 * Ten tries at MFA codes in 15 minutes, setting up and resynchronising together: plenty for
 * typos and a slow phone, far too few to guess a pair of six-digit codes.
 */
export const MFA_CODE_ATTEMPTS = { max: 10, windowSeconds: 15 * 60 } as const;
export const MFA_ENABLE_LIMIT: RateLimit = { action: 'mfa-device.enable', sharedWith: ['mfa-device.resync'], ...MFA_CODE_ATTEMPTS };
export const MFA_RESYNC_LIMIT: RateLimit = { action: 'mfa-device.resync', sharedWith: ['mfa-device.enable'], ...MFA_CODE_ATTEMPTS };

/** Five password attempts in 15 minutes: enough for typos, too few for guessing games. */
export const PASSWORD_CHANGE_LIMIT: RateLimit = { action: 'console-password.set', max: 5, windowSeconds: 15 * 60 };
