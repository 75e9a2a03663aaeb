import { randomInt } from 'node:crypto';
import { failedRules, MAX_PASSWORD_LENGTH, type PasswordPolicy } from './password-policy';
import { GROUP_SEPARATOR, GROUP_SIZE, READABLE_DIGITS, READABLE_LOWER, READABLE_UPPER } from './readable';

/** At least four groups of four (16 random characters, about 82 bits), however short the policy. */
const MIN_GROUPS = 4;

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] as string;
}

/**
 * A random temporary password that an agent can read out over the phone and the person can
 * type: groups of four characters joined by dashes ("Tk7m-9fRa-…"), from an alphabet without
 * look-alikes (readable.ts). The dashes are part of the password, and they are what IAM counts
 * as its symbol; each group holds any mix of the rest, and the whole has at least one capital,
 * one small letter and one digit, so it meets every Require* flag and the default policy.
 * Never shorter than the policy asks, nor than 19 characters; never logged or stored.
 */
export function generateTemporaryPassword(policy: PasswordPolicy, userName?: string): string {
  const groups = Math.max(MIN_GROUPS, Math.ceil((policy.minimumLength + 1) / (GROUP_SIZE + 1)));
  const all = READABLE_UPPER + READABLE_LOWER + READABLE_DIGITS;
  for (;;) {
    const chars = Array.from({ length: groups * GROUP_SIZE }, () => pick(all));
    // One of each kind at random places, so no position is predictable.
    const places = new Set<number>();
    while (places.size < 3) places.add(randomInt(chars.length));
    const [upper, lower, digit] = [...places] as [number, number, number];
    chars[upper] = pick(READABLE_UPPER);
    chars[lower] = pick(READABLE_LOWER);
    chars[digit] = pick(READABLE_DIGITS);
    const grouped = Array.from({ length: groups }, (_, i) => chars.slice(i * GROUP_SIZE, (i + 1) * GROUP_SIZE).join('')).join(GROUP_SEPARATOR);
    // Only a policy near IAM's 128-character limit needs the last group shortened.
    const password = grouped.slice(0, MAX_PASSWORD_LENGTH);
    if (failedRules(password, policy, userName).length === 0) return password;
  }
}
