import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const settings = vi.hoisted(() => ({ SESSION_IDLE_MINUTES: 30 }));
vi.mock('@/lib/config', () => ({
  config: () => ({ NEXTAUTH_SECRET: 'unit-test-secret-unit-test-secret-0123', NEXTAUTH_URL: 'https://kagi.example.com', ...settings }),
}));

const { idleTimeoutSeconds, readSessionToken, renewSessionToken, sessionCookieName } = await import('@/lib/auth/session-cookie');
const secret = 'unit-test-secret-unit-test-secret-0123';
const now = () => Math.floor(Date.now() / 1000);

describe('renewSessionToken (the 30-minute idle timeout, renewed by activity)', () => {
  it('does nothing within a minute of the last renewal', async () => {
    expect(await renewSessionToken({ iat: now() - 30, signedInAt: now() - 3600, iamUserName: 'taro' })).toBeNull();
  });

  it('renews for another 30 minutes, keeping who the person is', async () => {
    const renewed = await renewSessionToken({ iat: now() - 120, signedInAt: now() - 3600, iamUserName: 'taro', roles: ['user'] });
    expect(renewed?.maxAge).toBe(1800);
    const token = await decode({ token: renewed!.value, secret });
    expect(token).toMatchObject({ iamUserName: 'taro', roles: ['user'] });
    expect((token!.exp as number) - now()).toBeGreaterThan(1790);
  });

  it('follows SESSION_IDLE_MINUTES', async () => {
    settings.SESSION_IDLE_MINUTES = 1;
    try {
      expect(idleTimeoutSeconds()).toBe(60);
      const renewed = await renewSessionToken({ iat: now() - 20, signedInAt: now() - 3600 });
      expect(renewed?.maxAge).toBe(60);
      const token = await decode({ token: renewed!.value, secret });
      expect((token!.exp as number) - now()).toBeLessThanOrEqual(60);
    } finally {
      settings.SESSION_IDLE_MINUTES = 30;
    }
  });

  it('never renews past 8 hours after sign-in', async () => {
    const renewed = await renewSessionToken({ iat: now() - 120, signedInAt: now() - 8 * 3600 + 600 });
    expect(renewed?.maxAge).toBeLessThanOrEqual(600);
    expect(renewed?.maxAge).toBeGreaterThan(590);
    expect(await renewSessionToken({ iat: now() - 120, signedInAt: now() - 8 * 3600 - 1 })).toBeNull();
  });
});

describe('readSessionToken', () => {
  it('accepts a valid token and refuses garbage, other secrets and sessions past 8 hours', async () => {
    const good = await encode({ secret, token: { iamUserName: 'taro', signedInAt: now() } });
    expect(await readSessionToken(good)).toMatchObject({ iamUserName: 'taro' });
    expect(await readSessionToken('garbage')).toBeNull();
    expect(await readSessionToken(undefined)).toBeNull();
    expect(await readSessionToken(await encode({ secret: 'another-secret-another-secret-000', token: { signedInAt: now() } }))).toBeNull();
    expect(await readSessionToken(await encode({ secret, token: { signedInAt: now() - 9 * 3600 } }))).toBeNull();
  });

  it('uses the __Host- cookie name over https', () => {
    expect(sessionCookieName()).toBe('__Host-next-auth.session-token');
  });

  // The third security review replayed a sign-in cookie 150 s later on a one-minute idle stack.
  it('refuses a token idle past SESSION_IDLE_MINUTES, whatever expiry it carries', async () => {
    settings.SESSION_IDLE_MINUTES = 1;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const signedIn = new Date('2026-12-07T10:00:00Z');
      vi.setSystemTime(signedIn);
      // next-auth's default lifetime: 30 days.
      const thirtyDays = await encode({ secret, token: { iamUserName: 'taro', signedInAt: now() } });
      vi.setSystemTime(signedIn.getTime() + 70_000);
      expect(await readSessionToken(thirtyDays)).toMatchObject({ iamUserName: 'taro' });
      vi.setSystemTime(signedIn.getTime() + 150_000);
      expect(await readSessionToken(thirtyDays)).toBeNull();
    } finally {
      vi.useRealTimers();
      settings.SESSION_IDLE_MINUTES = 30;
    }
  });

  it('refuses a token with no issue time or no sign-in time, and one issued in the future', async () => {
    const { EncryptJWT } = await import('jose');
    const { hkdfSync } = await import('node:crypto');
    const key = new Uint8Array(hkdfSync('sha256', secret, '', 'NextAuth.js Generated Encryption Key', 32));
    const raw = (claims: Record<string, unknown>) =>
      new EncryptJWT(claims).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setExpirationTime(now() + 3600).encrypt(key);
    expect(await readSessionToken(await raw({ iamUserName: 'taro', signedInAt: now() }))).toBeNull();
    expect(await readSessionToken(await raw({ iamUserName: 'taro', iat: now() }))).toBeNull();
    expect(await readSessionToken(await raw({ iamUserName: 'taro', iat: now() + 600, signedInAt: now() }))).toBeNull();
    expect(await readSessionToken(await raw({ iamUserName: 'taro', iat: now(), signedInAt: now() }))).toMatchObject({ iamUserName: 'taro' });
  });
});
