import { z } from 'zod';

/**
 * The access-key API's shapes, shared by the route handlers and the browser (no server
 * imports here). Dates travel as ISO strings.
 */

/** IAM's own rule for access key IDs. */
export const accessKeyIdSchema = z.string().regex(/^\w{16,128}$/, 'not an access key ID');

export const accessKeyStatusSchema = z.enum(['Active', 'Inactive']);

export const rotationStateSchema = z.enum(['ok', 'due', 'overdue']);
export type RotationState = z.infer<typeof rotationStateSchema>;

/** IAM's longest tag value. */
export const ACCESS_KEY_DESCRIPTION_MAX = 256;

/**
 * A key's name ("Where will you use this key?"), kept as the AWS console keeps a key's
 * description: an IAM user tag, so it follows IAM's rules for tag values: at most 256
 * letters (any script), digits, spaces and _ . : / = + - @. Trimmed; empty means no name.
 */
export const accessKeyDescriptionSchema = z
  .string()
  .trim()
  .max(ACCESS_KEY_DESCRIPTION_MAX, 'too-long')
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'characters');

/** Why a name is refused, for the form: `too-long` or `characters`; null when it is fine. */
export function accessKeyDescriptionProblem(name: string): 'too-long' | 'characters' | null {
  const parsed = accessKeyDescriptionSchema.safeParse(name);
  if (parsed.success) return null;
  return parsed.error.issues[0]?.message === 'too-long' ? 'too-long' : 'characters';
}

export const accessKeyViewSchema = z.object({
  accessKeyId: z.string(),
  /** The key's name (the console's "description tag"), or null when it has none. */
  description: z.string().nullable(),
  status: accessKeyStatusSchema,
  createDate: z.iso.datetime(),
  ageDays: z.number().int().nonnegative(),
  lastUsed: z
    .object({ date: z.iso.datetime(), serviceName: z.string(), region: z.string() })
    .nullable(),
  rotation: rotationStateSchema,
});
export type AccessKeyView = z.infer<typeof accessKeyViewSchema>;

export const accessKeyListSchema = z.object({
  keys: z.array(accessKeyViewSchema),
  /** IAM's fixed limit of keys per person (active and inactive together). */
  quota: z.number().int(),
  rotationDays: z.number().int(),
  dueSoonDays: z.number().int(),
});
export type AccessKeyList = z.infer<typeof accessKeyListSchema>;

export const newAccessKeySchema = z.object({
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  status: accessKeyStatusSchema,
  createDate: z.iso.datetime(),
  description: z.string().nullable(),
  /** The key was made, but its name could not be saved (the error's code); it can be added later. */
  descriptionError: z.string().optional(),
});
export type NewAccessKey = z.infer<typeof newAccessKeySchema>;

/** PATCH body: what a person may change about a key, one thing at a time: its status or its name (`description`; "" removes it). */
export const updateAccessKeyBodySchema = z.union([
  z.strictObject({ status: accessKeyStatusSchema }),
  z.strictObject({ description: accessKeyDescriptionSchema }),
]);
export type UpdateAccessKeyBody = z.infer<typeof updateAccessKeyBodySchema>;

/** POST body: an optional name; an empty object (or none) is accepted. */
export const createAccessKeyBodySchema = z.strictObject({ description: accessKeyDescriptionSchema.optional() }).optional();
