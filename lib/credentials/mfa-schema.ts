import { z } from 'zod';
import { HIDDEN_CHARACTERS_MESSAGE, hasHiddenCharacters } from '@/lib/hidden-characters';
import { MFA_LABEL_CONTROL_CHARACTER, MFA_LABEL_MAX } from './mfa-shapes';

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

/**
 * What the person calls the device: any characters but control and hidden ones (bidi
 * controls, zero-width characters: lib/hidden-characters.ts), 1–40 of them. The messages are
 * mfaLabelProblem()'s reasons (mfa-shapes.ts), the page's plain check of the same rules.
 */
export const mfaLabelSchema = z
  .string()
  .trim()
  .min(1, 'missing')
  .max(MFA_LABEL_MAX, 'too-long')
  .refine((s) => !MFA_LABEL_CONTROL_CHARACTER.test(s), 'control-characters')
  .refine((s) => !hasHiddenCharacters(s), HIDDEN_CHARACTERS_MESSAGE);

/** A code as the app shows it: six digits (spaces people type between groups are dropped). */
export const totpCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'six digits'));

/** POST body: the person's name for the new device. */
export const createMfaDeviceBodySchema = z.strictObject({ name: mfaLabelSchema });

/** PUT (enable) and resync bodies: two codes in a row. */
export const mfaCodesBodySchema = z.strictObject({ code1: totpCodeSchema, code2: totpCodeSchema });
