import { z } from 'zod';

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

/** PATCH body: the only thing a person may change about a key. */
export const updateAccessKeyBodySchema = z.strictObject({ status: accessKeyStatusSchema });

/** POST body: nothing to choose; an empty object (or none) is accepted. */
export const createAccessKeyBodySchema = z.strictObject({}).optional();
