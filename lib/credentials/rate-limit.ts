import type { AuditOutcome, RateLimit } from '@/lib/audit/types';
import { config } from '@/lib/config';

/**
 * Limits counted from the audit log itself, so every portal instance sharing the database
 * sees the same count without a counter of its own; `audited(…, { rateLimits })` counts and
 * records in one atomic step, and a refusal says how long until the next attempt may be made.
 */

/**
 * Ten new keys an hour is far beyond honest use and stops a runaway script or a stolen
 * session. What counts is keys that may exist: made ('ok'), being made ('pending'), or whose
 * fate is unknown ('interrupted', 'unconfirmed'). An attempt IAM refused or that failed made
 * no key (a lost answer's key is deleted before Kagi gives up, see createKeyReconciled), so it
 * does not count: a person in the middle of a rotation who retries after "AWS is busy" or a
 * stale tab's "you already have two keys" does not use up their own limit.
 */
export const KEY_CREATION_LIMIT: RateLimit = {
  action: 'access-key.create',
  max: 10,
  windowSeconds: 3600,
  counts: ['ok', 'pending', 'interrupted', 'unconfirmed'],
};

/**
 * Failed attempts still cost IAM calls, so a script stuck retrying is stopped too, only later:
 * thirty attempts an hour whatever came of them.
 */
export const KEY_CREATION_ATTEMPT_LIMIT: RateLimit = { action: 'access-key.create', max: 30, windowSeconds: 3600 };

/**
 * Five password changes in 15 minutes: enough for second thoughts, too few for a stolen
 * session to cycle through passwords. As for keys, what counts is what may have changed the
 * password; a password IAM refused as used before, or an attempt that failed, changed nothing.
 */
export const PASSWORD_CHANGE_LIMIT: RateLimit = {
  action: 'console-password.set',
  max: 5,
  windowSeconds: 15 * 60,
  counts: ['ok', 'pending', 'interrupted', 'unconfirmed'],
};

/**
 * Refusals still count here, later: each one tells whether a password was one of the person's
 * recent ones, so twenty attempts in 15 minutes whatever came of them.
 */
export const PASSWORD_ATTEMPT_LIMIT: RateLimit = { action: 'console-password.set', max: 20, windowSeconds: 15 * 60 };

/** Ten authenticator-app set-ups an hour: each makes a device in IAM, and nobody needs more. */
export const MFA_ENROLMENT_LIMIT: RateLimit = { action: 'mfa-device.create', max: 10, windowSeconds: 3600 };

/**
 * Ten tries at MFA codes in 15 minutes, setting up and resynchronising together: plenty for
 * typos and a slow phone, far too few to guess a pair of six-digit codes.
 */
export const MFA_CODE_ATTEMPTS = { max: 10, windowSeconds: 15 * 60 } as const;
export const MFA_ENABLE_LIMIT: RateLimit = { action: 'mfa-device.enable', sharedWith: ['mfa-device.resync'], ...MFA_CODE_ATTEMPTS };
export const MFA_RESYNC_LIMIT: RateLimit = { action: 'mfa-device.resync', sharedWith: ['mfa-device.enable'], ...MFA_CODE_ATTEMPTS };

/**
 * Help-desk cases (`helpdesk.verify`, by code or "another way"). Each one opened sends the
 * person a notice and, opened another way, waits in the approval queue; 25 opened at once
 * once sent one person 25 messages. Twenty an hour per agent is one every three minutes for
 * an hour, beyond any phone queue; five an hour about one person, whoever opens them, covers a
 * case that expired and a second agent taking over. What counts is cases that were or may have
 * been opened: a wrong or missing code opened none (the code's own five tries limit those).
 */
const CASES_OPENED: readonly AuditOutcome[] = ['ok', 'pending', 'interrupted', 'unconfirmed'];
/** `HELPDESK_CASES_PER_AGENT_HOUR` and `HELPDESK_CASES_PER_PERSON_HOUR` (20 and 5) set the numbers. */
export function caseLimits(): RateLimit[] {
  const { HELPDESK_CASES_PER_AGENT_HOUR, HELPDESK_CASES_PER_PERSON_HOUR } = config();
  return [
    { action: 'helpdesk.verify', max: HELPDESK_CASES_PER_AGENT_HOUR, windowSeconds: 3600, counts: CASES_OPENED },
    { action: 'helpdesk.verify', max: HELPDESK_CASES_PER_PERSON_HOUR, windowSeconds: 3600, counts: CASES_OPENED, per: 'subject' },
  ];
}
