import { hasHiddenCharacters } from '@/lib/hidden-characters';
import { array, integer, isoDateTime, nullable, object, oneOf, string, type Infer } from '@/lib/shape';

/**
 * The MFA API's answers, as the browser checks them (lib/shape.ts, not zod: see there), and the
 * plain rules the page shares with the server. The requests' zod schemas are in mfa-schema.ts.
 *
 * A device is named in the API by its IAM name: the last part of its serial number (for an
 * authenticator app Kagi set up, `<iam user>-<8 random characters>`; for a hardware token, the
 * serial itself). The person's own name for it ("Taro's iPhone") is its `label`.
 */

/** What the person calls the device: any characters but control and hidden ones, 1–40 of them. */
export const MFA_LABEL_MAX = 40;

export const MFA_LABEL_CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export type MfaLabelProblem = 'missing' | 'too-long' | 'control-characters' | 'hidden-characters';

/**
 * Why a label is refused (trimmed first), in the order mfa-schema.ts's zod schema checks, so
 * the page (which has no zod) and the route agree (tests/unit/hidden-characters.test.ts).
 */
export function mfaLabelProblem(label: string): MfaLabelProblem | null {
  const trimmed = label.trim();
  if (trimmed.length === 0) return 'missing';
  if (trimmed.length > MFA_LABEL_MAX) return 'too-long';
  if (MFA_LABEL_CONTROL_CHARACTER.test(trimmed)) return 'control-characters';
  if (hasHiddenCharacters(trimmed)) return 'hidden-characters';
  return null;
}

/** virtual: an authenticator app; security-key: a passkey or FIDO security key; hardware: a code-showing token. */
export const MFA_KINDS = ['virtual', 'security-key', 'hardware'] as const;
export const mfaKindShape = oneOf(MFA_KINDS);
export type MfaKind = Infer<typeof mfaKindShape>;

export const mfaDeviceViewSchema = object({
  name: string(),
  /** The person's name for it; null for devices Kagi did not set up. */
  label: nullable(string()),
  serialNumber: string(),
  enabledAt: isoDateTime(),
  kind: mfaKindShape,
});
export type MfaDeviceView = Infer<typeof mfaDeviceViewSchema>;

export const mfaDeviceListSchema = object({
  devices: array(mfaDeviceViewSchema),
  /** IAM's limit of devices in use per person. */
  quota: integer(),
});
export type MfaDeviceList = Infer<typeof mfaDeviceListSchema>;

/** The one answer that carries the seed: shown once, never stored or cached. */
export const newMfaDeviceSchema = object({
  name: string(),
  label: string(),
  serialNumber: string(),
  /** The base32 seed, to type into the app by hand. */
  secret: string(),
  /** A PNG, base64: the QR code of the same seed. */
  qrCodePng: string(),
});
export type NewMfaDevice = Infer<typeof newMfaDeviceSchema>;

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
