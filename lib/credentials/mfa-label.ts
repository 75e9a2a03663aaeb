/**
 * The person's name for an authenticator app lives in IAM, as a tag on the device, so every
 * instance (and the AWS console) sees it and Kagi keeps no copy. IAM's tag values allow only
 * letters, digits, spaces and `_.:/=+-@`, so a name with anything else ("Taro's iPhone") is
 * stored as `b64:` and its UTF-8 in base64url; a plain one is stored as it is.
 */
export const MFA_LABEL_TAG = 'kagi:label';

const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const ENCODED = 'b64:';

export function encodeMfaLabel(label: string): string {
  if (TAG_VALUE.test(label) && !label.startsWith(ENCODED)) return label;
  return ENCODED + Buffer.from(label, 'utf8').toString('base64url');
}

export function decodeMfaLabel(value: string): string {
  if (!value.startsWith(ENCODED)) return value;
  return Buffer.from(value.slice(ENCODED.length), 'base64url').toString('utf8');
}
