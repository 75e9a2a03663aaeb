/**
 * A key's name ("Where will you use this key?"), kept as the AWS console keeps a key's
 * description: an IAM user tag, so it follows IAM's rules for tag values: at most 256
 * letters (any script), digits, spaces and _ . : / = + - @. Trimmed; empty means no name.
 *
 * Plain code, no zod: the new-key form and the rename field check a name with
 * `accessKeyDescriptionProblem` in the browser; the server validates the same rules with the
 * zod schema in access-key-schema.ts (tests/unit/key-names.test.ts proves the two agree).
 */

/** IAM's longest tag value. */
export const ACCESS_KEY_DESCRIPTION_MAX = 256;

/** The characters IAM allows in a tag value. */
export const ACCESS_KEY_DESCRIPTION_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Why a name is refused, for the form: `too-long` or `characters`; null when it is fine. */
export function accessKeyDescriptionProblem(name: string): 'too-long' | 'characters' | null {
  const trimmed = name.trim();
  if (trimmed.length > ACCESS_KEY_DESCRIPTION_MAX) return 'too-long';
  if (!ACCESS_KEY_DESCRIPTION_PATTERN.test(trimmed)) return 'characters';
  return null;
}
