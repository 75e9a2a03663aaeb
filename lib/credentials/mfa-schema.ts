import { z } from 'zod';
import { MFA_LABEL_MAX } from './mfa-shapes';

/**
 * The MFA API's requests, validated by the route handlers (no server imports here). Browser
 * code must not import this module at run time (only its types): zod would add tens of kB to
 * every page (`npm run bench:pages`). The answers' shapes, and the rules the page shares, are in
 * mfa-shapes.ts.
 */

export {
  groupSecret,
  MFA_LABEL_MAX,
  mfaDeviceNameOf,
  mfaKindOf,
  type MfaDeviceList,
  type MfaDeviceView,
  type MfaKind,
  type NewMfaDevice,
} from './mfa-shapes';

/** IAM's characters for device names (and the last part of any serial). */
export const mfaDeviceNameSchema = z.string().regex(/^[\w+=,.@-]{1,226}$/, 'not an MFA device name');

/** What the person calls the device: any characters but control ones, 1–40 of them. */
export const mfaLabelSchema = z
  .string()
  .trim()
  .min(1, 'give the device a name')
  .max(MFA_LABEL_MAX)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters');

/** A code as the app shows it: six digits (spaces people type between groups are dropped). */
export const totpCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'six digits'));

/** POST body: the person's name for the new device. */
export const createMfaDeviceBodySchema = z.strictObject({ name: mfaLabelSchema });

/** PUT (enable) and resync bodies: two codes in a row. */
export const mfaCodesBodySchema = z.strictObject({ code1: totpCodeSchema, code2: totpCodeSchema });
