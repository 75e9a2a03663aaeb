import { z } from 'zod';
import { HIDDEN_CHARACTERS_MESSAGE, hasHiddenCharacters } from '@/lib/hidden-characters';
import { ACCESS_KEY_DESCRIPTION_MAX, ACCESS_KEY_DESCRIPTION_PATTERN } from './key-name';

/**
 * The access-key API's requests, validated by the route handlers (no server imports here).
 * Browser code must not import this module at run time (only its types): zod would add tens
 * of kB to every page (`npm run bench:pages`).
 */

/** IAM's own rule for access key IDs. */
export const accessKeyIdSchema = z.string().regex(/^\w{16,128}$/, 'not an access key ID');

export const accessKeyStatusSchema = z.enum(['Active', 'Inactive']);

// The answers' shapes (checked in the browser) live in access-key-shapes.ts, without zod.
export type { AccessKeyList, AccessKeyView, NewAccessKey, RotationState } from './access-key-shapes';

/**
 * A key's name ("Where will you use this key?"): an IAM user tag value (key-name.ts has the
 * rules and the browser's plain check of them). Trimmed; empty means no name.
 */
export const accessKeyDescriptionSchema = z
  .string()
  .trim()
  .max(ACCESS_KEY_DESCRIPTION_MAX, 'too-long')
  .refine((name) => !hasHiddenCharacters(name), HIDDEN_CHARACTERS_MESSAGE)
  .regex(ACCESS_KEY_DESCRIPTION_PATTERN, 'characters');

/** PATCH body: what a person may change about a key, one thing at a time: its status or its name (`description`; "" removes it). */
export const updateAccessKeyBodySchema = z.union([
  z.strictObject({ status: accessKeyStatusSchema }),
  z.strictObject({ description: accessKeyDescriptionSchema }),
]);
export type UpdateAccessKeyBody = z.infer<typeof updateAccessKeyBodySchema>;

/** POST body: an optional name; an empty object (or none) is accepted. */
export const createAccessKeyBodySchema = z.strictObject({ description: accessKeyDescriptionSchema.optional() }).optional();
