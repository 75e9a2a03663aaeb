import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

import { ConfigError, parseConfig, redactSmtpUrl } from '@/lib/config';
import { dayIn, thresholdsOf } from '@/lib/notifications/reminders';
import { retryDelayMs } from '@/lib/notifications/worker';

const DAY = 86_400_000;
const now = new Date('2026-12-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

describe('reminder thresholds', () => {
  it('due soon 14 days before the rotation limit, overdue from it, unused after 90 days without use', () => {
    expect(thresholdsOf({ status: 'Active', createDate: daysAgo(75), lastUsed: daysAgo(1) }, now, 90)).toEqual([]);
    expect(thresholdsOf({ status: 'Active', createDate: daysAgo(76), lastUsed: daysAgo(1) }, now, 90)).toEqual(['due-soon']);
    expect(thresholdsOf({ status: 'Active', createDate: daysAgo(90), lastUsed: daysAgo(1) }, now, 90)).toEqual(['overdue']);
    expect(thresholdsOf({ status: 'Active', createDate: daysAgo(100), lastUsed: daysAgo(95) }, now, 90)).toEqual(['overdue', 'unused']);
    // Never used: counted from its creation.
    expect(thresholdsOf({ status: 'Active', createDate: daysAgo(30), lastUsed: null }, now, 365)).toEqual([]);
    expect(thresholdsOf({ status: 'Active', createDate: daysAgo(91), lastUsed: null }, now, 365)).toEqual(['unused']);
  });
  it('follows KEY_ROTATION_DAYS and leaves inactive keys alone', () => {
    expect(thresholdsOf({ status: 'Active', createDate: daysAgo(20), lastUsed: daysAgo(1) }, now, 30)).toEqual(['due-soon']);
    expect(thresholdsOf({ status: 'Inactive', createDate: daysAgo(200), lastUsed: null }, now, 90)).toEqual([]);
  });
});

describe('retry backoff', () => {
  it('doubles from MAIL_RETRY_SECONDS and stops growing at six hours', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20, 30)).toBe(6 * 60 * 60_000);
  });
});

describe('mail settings', () => {
  const base = {
    NODE_ENV: 'production',
    // Random: production refuses weak secrets (such as 'x' repeated) and published ones.
    NEXTAUTH_SECRET: crypto.randomBytes(24).toString('base64url'),
    NEXTAUTH_URL: 'https://kagi.example.com',
    OIDC_ISSUER: 'https://sso.example.com',
    OIDC_CLIENT_ID: 'kagi',
    OIDC_CLIENT_SECRET: 's',
    IAM_USER_PATH_PREFIX: '/staff/',
  };
  const problems = (env: Record<string, string>) => {
    try {
      parseConfig({ ...base, ...env });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };
  it('are off without SMTP_URL and need MAIL_FROM with it', () => {
    expect(parseConfig(base).SMTP_URL).toBeUndefined();
    expect(problems({ SMTP_URL: 'smtps://kagi:pw@mail.example.com' })).toEqual([expect.stringMatching(/^MAIL_FROM is required when SMTP_URL is set/)]);
    expect(problems({ SMTP_URL: 'smtps://kagi:pw@mail.example.com', MAIL_FROM: 'Kagi <kagi@example.com>' })).toEqual([]);
    expect(problems({ SMTP_URL: 'smtp://mail.example.com:587', MAIL_FROM: 'kagi@example.com' })).toEqual([]);
  });
  it('refuse what is not an SMTP URL or an address, naming the variable', () => {
    expect(problems({ SMTP_URL: 'http://mail.example.com', MAIL_FROM: 'kagi@example.com' })).toEqual([expect.stringMatching(/^SMTP_URL must be smtp:\/\//)]);
    expect(problems({ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'not an address' })).toEqual([expect.stringMatching(/^MAIL_FROM must be an address/)]);
    expect(problems({ MAIL_RETRY_SECONDS: '0' })).toEqual([expect.stringMatching(/^MAIL_RETRY_SECONDS/)]);
  });
  it('mask the SMTP credentials wherever the URL is shown', () => {
    expect(redactSmtpUrl('smtps://kagi:s3cret@mail.example.com:465')).toBe('smtps://***:***@mail.example.com:465');
    expect(redactSmtpUrl('smtp://mail.example.com')).toBe('smtp://mail.example.com');
  });
});

describe('the SMTP connection built from SMTP_URL', () => {
  it('is TLS from the start with smtps://, and must upgrade with STARTTLS with smtp:// off this machine', async () => {
    const { transportOptions } = await import('@/lib/notifications/mailer');
    expect(transportOptions('smtps://kagi:p%40ss@smtp.example.com')).toMatchObject({ host: 'smtp.example.com', port: 465, secure: true, requireTLS: false, auth: { user: 'kagi', pass: 'p@ss' }, tls: { rejectUnauthorized: true } });
    expect(transportOptions('smtp://kagi:pw@smtp.example.com')).toMatchObject({ port: 587, secure: false, requireTLS: true, ignoreTLS: false });
    // A relay on this machine (or the stand-in) may speak plain SMTP.
    expect(transportOptions('smtp://127.0.0.1:2525')).toMatchObject({ port: 2525, requireTLS: false, ignoreTLS: true, auth: undefined });
    // Nothing in the URL can weaken the certificate check.
    expect(transportOptions('smtps://smtp.example.com/?tls.rejectUnauthorized=false&secure=false')).toMatchObject({ secure: true, tls: { rejectUnauthorized: true } });
    expect(transportOptions('smtp://kagi:pw@smtp.example.com').logger).toBe(false);
  });
});

describe('a reminder day', () => {
  it('is the person’s own calendar day: in Tokyo it turns at 15:00 UTC, not at midnight UTC', () => {
    expect(dayIn(new Date('2026-12-01T14:59:00Z'), 'Asia/Tokyo')).toBe('2026-12-01');
    expect(dayIn(new Date('2026-12-01T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-12-02');
    expect(dayIn(new Date('2026-12-01T23:30:00Z'), 'America/New_York')).toBe('2026-12-01');
    expect(dayIn(new Date('2026-12-01T23:30:00Z'), 'UTC')).toBe('2026-12-01');
  });
  it('falls back to UTC for a time zone the runtime does not know', () => {
    expect(dayIn(new Date('2026-12-01T23:30:00Z'), 'Mars/Olympus')).toBe('2026-12-01');
  });
});
