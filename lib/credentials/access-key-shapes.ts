import { array, integer, isoDateTime, nullable, object, oneOf, optional, string, type Infer } from '@/lib/shape';

/**
 * The access-key API's answers, as the browser checks them (lib/shape.ts, not zod: see there).
 * The requests' zod schemas are in access-key-schema.ts. Dates travel as ISO strings.
 */

export const accessKeyStatusShape = oneOf(['Active', 'Inactive']);

export const rotationStateSchema = oneOf(['ok', 'due', 'overdue']);
export type RotationState = Infer<typeof rotationStateSchema>;

export const accessKeyViewSchema = object({
  accessKeyId: string(),
  /** The key's name (the console's "description tag"), or null when it has none. */
  description: nullable(string()),
  status: accessKeyStatusShape,
  createDate: isoDateTime(),
  ageDays: integer({ min: 0 }),
  lastUsed: nullable(object({ date: isoDateTime(), serviceName: string(), region: string() })),
  rotation: rotationStateSchema,
});
export type AccessKeyView = Infer<typeof accessKeyViewSchema>;

export const accessKeyListSchema = object({
  keys: array(accessKeyViewSchema),
  /** IAM's fixed limit of keys per person (active and inactive together). */
  quota: integer(),
  rotationDays: integer(),
  dueSoonDays: integer(),
});
export type AccessKeyList = Infer<typeof accessKeyListSchema>;

export const newAccessKeySchema = object({
  accessKeyId: string(),
  secretAccessKey: string(),
  status: accessKeyStatusShape,
  createDate: isoDateTime(),
  description: nullable(string()),
  /** The key was made, but its name could not be saved (the error's code); it can be added later. */
  descriptionError: optional(string()),
});
export type NewAccessKey = Infer<typeof newAccessKeySchema>;
