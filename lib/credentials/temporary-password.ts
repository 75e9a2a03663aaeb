import { randomInt } from 'node:crypto';
import { IAM_SYMBOLS, failedRules, type PasswordPolicy } from './password-policy';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
// Symbols that are easy to read aloud and type on Japanese and English keyboards.
const SYMBOLS = [...'!@#$%*-_=+'].filter((c) => IAM_SYMBOLS.includes(c)).join('');

/** Long enough to be safe to read out over the phone once, and never shorter than the policy. */
const MIN_TEMPORARY_LENGTH = 16;

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] as string;
}

/**
 * A random temporary password that satisfies the policy: one character of every kind (which
 * meets the default policy and every Require* flag), the rest from all kinds, shuffled.
 * Look-alike characters (0/O, 1/l/I) are left out because people read it out or type it.
 */
export function generateTemporaryPassword(policy: PasswordPolicy, userName?: string): string {
  const length = Math.min(128, Math.max(MIN_TEMPORARY_LENGTH, policy.minimumLength));
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  for (;;) {
    const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < length) chars.push(pick(all));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    const password = chars.join('');
    if (failedRules(password, policy, userName).length === 0) return password;
  }
}
