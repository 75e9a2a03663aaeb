import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMfaLabel, encodeMfaLabel } from '@/lib/credentials/mfa-label';
import { createMfaDeviceBodySchema, groupSecret, mfaCodesBodySchema, mfaDeviceNameOf, mfaKindOf } from '@/lib/credentials/mfa-schema';

/** IAM's rule for tag values (botocore's tagValueType). */
const IAM_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

describe('MFA device labels as IAM tag values', () => {
  it('keeps a label IAM accepts as it is, readable in the AWS console', () => {
    expect(encodeMfaLabel('Work iPhone')).toBe('Work iPhone');
    expect(encodeMfaLabel('会社の スマホ')).toBe('会社の スマホ');
  });

  it('encodes one with characters IAM refuses, and one that looks encoded', () => {
    expect(encodeMfaLabel("Taro's iPhone")).toMatch(/^b64:[\w-]+$/);
    expect(decodeMfaLabel(encodeMfaLabel("Taro's iPhone"))).toBe("Taro's iPhone");
    expect(decodeMfaLabel(encodeMfaLabel('b64:abc'))).toBe('b64:abc');
  });

  it('round-trips any label the form accepts (40 UTF-16 units) into a value IAM accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((s) => s.length <= 40), (label) => {
        const value = encodeMfaLabel(label);
        expect(value).toMatch(IAM_TAG_VALUE);
        expect(decodeMfaLabel(value)).toBe(label);
      }),
    );
  });
});

describe('MFA serial numbers', () => {
  it('tells the kinds apart and names each device by the last part of its serial', () => {
    expect(mfaKindOf('arn:aws:iam::123456789012:mfa/staff/taro-abcd1234')).toBe('virtual');
    expect(mfaKindOf('arn:aws-cn:iam::123456789012:mfa/taro')).toBe('virtual');
    expect(mfaKindOf('arn:aws:iam::123456789012:u2f/user/taro/yubikey-ABC')).toBe('security-key');
    expect(mfaKindOf('GAHT12345678')).toBe('hardware');
    expect(mfaDeviceNameOf('arn:aws:iam::123456789012:mfa/staff/taro-abcd1234')).toBe('taro-abcd1234');
    expect(mfaDeviceNameOf('GAHT12345678')).toBe('GAHT12345678');
  });

  it('shows the key in groups of four', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});

describe('MFA request bodies', () => {
  it('takes codes as six digits, spaces dropped', () => {
    expect(mfaCodesBodySchema.parse({ code1: '123 456', code2: '654321' })).toEqual({ code1: '123456', code2: '654321' });
    for (const bad of [{ code1: '12345', code2: '123456' }, { code1: '１２３４５６', code2: '123456' }, { code1: '123456' }, { code1: '123456', code2: '123456', x: 1 }]) {
      expect(mfaCodesBodySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('takes a name of 1 to 40 characters without control characters', () => {
    expect(createMfaDeviceBodySchema.parse({ name: '  Work iPhone ' })).toEqual({ name: 'Work iPhone' });
    for (const name of ['', '   ', 'x'.repeat(41), 'a\nb']) expect(createMfaDeviceBodySchema.safeParse({ name }).success, name).toBe(false);
  });
});
