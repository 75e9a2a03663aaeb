/**
 * A key's name ("Where will you use this key?"), kept as the AWS console keeps a key's
 * description: an IAM user tag, so it follows IAM's rules for tag values: at most 256
 * letters (any script), digits, spaces and _ . : / = + - @. Trimmed; empty means no name.
 * Hidden characters (lib/hidden-characters.ts: bidi controls, zero-width ones) are refused
 * with their own reason, before IAM's character rule, so the page can say what is wrong.
 *
 * Plain code, no zod: the new-key form and the rename field check a name with
 * `accessKeyDescriptionProblem` in the browser; the server validates the same rules with the
 * zod schema in access-key-schema.ts (tests/unit/key-names.test.ts proves the two agree).
 */

import { hasHiddenCharacters } from '@/lib/hidden-characters';

/** IAM's longest tag value. */
export const ACCESS_KEY_DESCRIPTION_MAX = 256;

/** The characters IAM allows in a tag value. */
export const ACCESS_KEY_DESCRIPTION_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export type AccessKeyDescriptionProblem = 'too-long' | 'hidden-characters' | 'characters';

/** Why a name is refused, for the form (in the order the server's schema checks); null when it is fine. */
export function accessKeyDescriptionProblem(name: string): AccessKeyDescriptionProblem | null {
  const trimmed = name.trim();
  if (trimmed.length > ACCESS_KEY_DESCRIPTION_MAX) return 'too-long';
  if (hasHiddenCharacters(trimmed)) return 'hidden-characters';
  if (!ACCESS_KEY_DESCRIPTION_PATTERN.test(trimmed)) return 'characters';
  return null;
}
