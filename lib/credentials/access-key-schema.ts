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

export const accessKeyViewSchema = z.object({
  accessKeyId: z.string(),
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
});
export type NewAccessKey = z.infer<typeof newAccessKeySchema>;

/** PATCH body: the only thing a person may change about a key. */
export const updateAccessKeyBodySchema = z.strictObject({ status: accessKeyStatusSchema });

/** POST body: nothing to choose; an empty object (or none) is accepted. */
export const createAccessKeyBodySchema = z.strictObject({}).optional();
