import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

const { decodeSessionToken, encodeSessionToken } = await import('@/lib/auth/session-token');
const secret = 'unit-test-secret-unit-test-secret-0123';
const claims = { sub: 'taro', iamUserName: 'taro', roles: ['user' as const], authTime: 1_700_000_000 };

describe('session tokens (next-auth’s format, with the key derived once)', () => {
  it('next-auth reads the tokens Kagi writes', async () => {
    const token = await encodeSessionToken({ secret, token: claims, maxAge: 60 });
    const read = await decode({ secret, token });
    expect(read).toMatchObject(claims);
    expect((read!.exp as number) - (read!.iat as number)).toBe(60);
    expect(read!.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Kagi reads the tokens next-auth writes, with and without a salt', async () => {
    expect(await decodeSessionToken({ secret, token: await encode({ secret, token: claims }) })).toMatchObject(claims);
    const salted = await encode({ secret, token: claims, salt: 'authjs.session-token' });
    expect(await decodeSessionToken({ secret, token: salted, salt: 'authjs.session-token' })).toMatchObject(claims);
    await expect(decodeSessionToken({ secret, token: salted })).rejects.toThrow();
  });

  it('refuses a token sealed with another secret, a tampered one and an expired one', async () => {
    const token = await encodeSessionToken({ secret, token: claims });
    await expect(decodeSessionToken({ secret: 'another-secret-another-secret-000', token })).rejects.toThrow();
    const [header, , iv, body, tag] = token.split('.');
    const flipped = `${body!.slice(0, -2)}${body!.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(decodeSessionToken({ secret, token: [header, '', iv, flipped, tag].join('.') })).rejects.toThrow();
    const expired = await encodeSessionToken({ secret, token: claims, maxAge: -60 });
    await expect(decodeSessionToken({ secret, token: expired })).rejects.toThrow();
    expect(await decodeSessionToken({ secret, token: undefined })).toBeNull();
  });

  it('keeps one key per secret: a second secret does not reuse the first one’s key', async () => {
    const other = 'second-secret-second-secret-0000000';
    const first = await encodeSessionToken({ secret, token: claims });
    const second = await encodeSessionToken({ secret: other, token: claims });
    expect(await decodeSessionToken({ secret: other, token: second })).toMatchObject(claims);
    await expect(decodeSessionToken({ secret: other, token: first })).rejects.toThrow();
  });
});
