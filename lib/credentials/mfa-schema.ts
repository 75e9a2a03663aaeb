import { z } from 'zod';

/**
 * The MFA API's shapes, shared by the route handlers and the browser (no server imports).
 *
 * A device is named in the API by its IAM name: the last part of its serial number (for an
 * authenticator app Kagi set up, `<iam user>-<8 random characters>`; for a hardware token, the
 * serial itself). The person's own name for it ("Taro's iPhone") is its `label`.
 */

/** IAM's characters for device names (and the last part of any serial). */
export const mfaDeviceNameSchema = z.string().regex(/^[\w+=,.@-]{1,226}$/, 'not an MFA device name');

/** What the person calls the device: any characters but control ones, 1–40 of them. */
export const MFA_LABEL_MAX = 40;
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

/** virtual: an authenticator app; security-key: a passkey or FIDO security key; hardware: a code-showing token. */
export const mfaKindSchema = z.enum(['virtual', 'security-key', 'hardware']);
export type MfaKind = z.infer<typeof mfaKindSchema>;

export const mfaDeviceViewSchema = z.object({
  name: z.string(),
  /** The person's name for it; null for devices Kagi did not set up. */
  label: z.string().nullable(),
  serialNumber: z.string(),
  enabledAt: z.iso.datetime(),
  kind: mfaKindSchema,
});
export type MfaDeviceView = z.infer<typeof mfaDeviceViewSchema>;

export const mfaDeviceListSchema = z.object({
  devices: z.array(mfaDeviceViewSchema),
  /** IAM's limit of devices in use per person. */
  quota: z.number().int(),
});
export type MfaDeviceList = z.infer<typeof mfaDeviceListSchema>;

/** The one answer that carries the seed: shown once, never stored or cached. */
export const newMfaDeviceSchema = z.object({
  name: z.string(),
  label: z.string(),
  serialNumber: z.string(),
  /** The base32 seed, to type into the app by hand. */
  secret: z.string(),
  /** A PNG, base64: the QR code of the same seed. */
  qrCodePng: z.string(),
});
export type NewMfaDevice = z.infer<typeof newMfaDeviceSchema>;

/** POST body: the person's name for the new device. */
export const createMfaDeviceBodySchema = z.strictObject({ name: mfaLabelSchema });

/** PUT (enable) and resync bodies: two codes in a row. */
export const mfaCodesBodySchema = z.strictObject({ code1: totpCodeSchema, code2: totpCodeSchema });

/** What kind of device a serial number names (IAM's formats). */
export function mfaKindOf(serialNumber: string): MfaKind {
  if (/^arn:[\w-]+:iam::\d{12}:mfa\//.test(serialNumber)) return 'virtual';
  if (/^arn:[\w-]+:iam::\d{12}:u2f\//.test(serialNumber)) return 'security-key';
  return 'hardware';
}

/** A device's name in the API: the last part of its serial number. */
export function mfaDeviceNameOf(serialNumber: string): string {
  return serialNumber.slice(serialNumber.lastIndexOf('/') + 1);
}

/** The secret in groups of four, as people type it. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}
