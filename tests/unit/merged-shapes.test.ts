import { describe, expect, it } from 'vitest';
import { accessKeyListSchema, newAccessKeySchema } from '@/lib/credentials/access-key-shapes';
import { mfaDeviceListSchema, newMfaDeviceSchema } from '@/lib/credentials/mfa-shapes';
import { notificationSettingsSchema, unsubscribeAnswerSchema } from '@/lib/notifications/settings-shapes';
import { matches } from '@/lib/shape';

/** The browser's shapes (lib/shape.ts) of the answers the key names, MFA and settings pages read. */
describe('answer shapes of key names, MFA devices and notification settings', () => {
  const key = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    description: 'Backup on my laptop',
    status: 'Active',
    createDate: '2026-12-01T09:00:00.000Z',
    ageDays: 3,
    lastUsed: null,
    rotation: 'ok',
  };

  it('a key list carries each key’s name, or null', () => {
    const list = { keys: [key, { ...key, description: null }], quota: 2, rotationDays: 90, dueSoonDays: 14 };
    expect(matches(accessKeyListSchema, list)).toBe(true);
    expect(matches(accessKeyListSchema, { ...list, keys: [{ ...key, description: undefined }] })).toBe(false);
    expect(matches(accessKeyListSchema, { ...list, keys: [{ ...key, description: 7 }] })).toBe(false);
  });

  it('a new key may say its name could not be saved', () => {
    const made = { accessKeyId: key.accessKeyId, secretAccessKey: 's', status: 'Active', createDate: key.createDate, description: null };
    expect(matches(newAccessKeySchema, made)).toBe(true);
    expect(matches(newAccessKeySchema, { ...made, descriptionError: 'iam-unavailable' })).toBe(true);
    expect(matches(newAccessKeySchema, { ...made, descriptionError: null })).toBe(false);
  });

  it('MFA devices: kinds, labels and the one answer with the seed', () => {
    const device = { name: 'taro-k3j9x2ab', label: 'Taro’s iPhone', serialNumber: 'arn:aws:iam::123456789012:mfa/kagi/taro/taro-k3j9x2ab', enabledAt: '2026-12-01T09:00:00.000Z', kind: 'virtual' };
    expect(matches(mfaDeviceListSchema, { devices: [device, { ...device, label: null, kind: 'security-key' }], quota: 8 })).toBe(true);
    expect(matches(mfaDeviceListSchema, { devices: [{ ...device, kind: 'sms' }], quota: 8 })).toBe(false);
    expect(matches(mfaDeviceListSchema, { devices: [{ ...device, enabledAt: '2026-12-01' }], quota: 8 })).toBe(false);
    const fresh = { name: device.name, label: 'Taro’s iPhone', serialNumber: device.serialNumber, secret: 'JBSWY3DPEHPK3PXP', qrCodePng: 'iVBORw0KGgo=' };
    expect(matches(newMfaDeviceSchema, fresh)).toBe(true);
    expect(matches(newMfaDeviceSchema, { ...fresh, qrCodePng: undefined })).toBe(false);
  });

  it('notification settings and the opt-out’s answer', () => {
    expect(matches(notificationSettingsSchema, { notifications: 'on', email: 'taro@example.com', reminders: true })).toBe(true);
    expect(matches(notificationSettingsSchema, { notifications: 'off', email: null, reminders: false })).toBe(true);
    expect(matches(notificationSettingsSchema, { notifications: 'maybe', email: null, reminders: false })).toBe(false);
    expect(matches(notificationSettingsSchema, { notifications: 'on', email: null, reminders: 'yes' })).toBe(false);
    expect(matches(unsubscribeAnswerSchema, { reminders: false })).toBe(true);
    expect(matches(unsubscribeAnswerSchema, {})).toBe(false);
  });
});
