/**
 * Characters a help-desk agent can read out over the phone and a person can type from it
 * without guessing: of each look-alike pair (0/O/o/Q, 1/I/l/i/j, 2/Z/z, 5/S/s, 6/G/b, 8/B,
 * 9/g/q) at most one is used, and capitals only where the capital does not look like its small
 * letter (no C, K, P, S, U, V, W, X, Y). 36 characters: 16 of them carry about 82 bits.
 * Shared by the generator (server) and the dialog that spells a password out (browser).
 */
export const READABLE_UPPER = 'ADEFHJLMNRT';
export const READABLE_LOWER = 'acdefhkmnprtuvwxy';
export const READABLE_DIGITS = '23456789';
export const GROUP_SIZE = 4;
/** Between groups, and part of the password: IAM counts "-" as a symbol. */
export const GROUP_SEPARATOR = '-';

export type SpokenCharacter =
  | { kind: 'upper' | 'lower'; letter: string }
  | { kind: 'digit'; digit: string }
  | { kind: 'other'; character: string };

/**
 * A password as its groups, each character with what to say for it; the dialog puts the words
 * (NATO alphabet in English, letter names with their NATO word in katakana in Japanese).
 */
export function spellOut(password: string): SpokenCharacter[][] {
  return password.split(GROUP_SEPARATOR).map((group) =>
    [...group].map((c): SpokenCharacter => {
      if (/[A-Z]/.test(c)) return { kind: 'upper', letter: c.toLowerCase() };
      if (/[a-z]/.test(c)) return { kind: 'lower', letter: c };
      if (/[0-9]/.test(c)) return { kind: 'digit', digit: c };
      return { kind: 'other', character: c };
    }),
  );
}
