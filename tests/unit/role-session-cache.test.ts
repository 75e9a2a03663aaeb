import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

/** STS as the cache sees it: each AssumeRole answers what the test queued, or fresh credentials. */
const sts = vi.hoisted(() => ({ calls: [] as Array<Record<string, unknown>>, next: [] as Array<Error | number> }));
vi.mock('@aws-sdk/client-sts', () => ({
  AssumeRoleCommand: class {
    constructor(readonly input: Record<string, unknown>) {}
  },
  STSClient: class {
    async send(command: { input: Record<string, unknown> }) {
      sts.calls.push(command.input);
      const next = sts.next.shift();
      if (next instanceof Error) throw next;
      const lifetimeMs = next ?? 3_600_000;
      const n = sts.calls.length;
      return {
        Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: `secret-${n}`, SessionToken: `token-${n}`, Expiration: new Date(Date.now() + lifetimeMs) },
      };
    }
  },
}));

import { AppError } from '@/lib/app-error';
import { forgetRoleSession, roleSessionFor as sessionOfRole } from '@/lib/iam/role-sessions';

const ROLE = 'arn:aws:iam::123456789012:role/kagi-portal-role';
const OTHER_ROLE = 'arn:aws:iam::210987654321:role/kagi-portal-access';
/** Sessions of the portal's role (PORTAL_ROLE_ARN), as the single-account portal asks for them. */
const roleSessionFor = (who: Parameters<typeof sessionOfRole>[0], now?: number) => sessionOfRole(who, ROLE, now);

const named = (name: string, cause = 'x') => Object.assign(new Error(cause), { name });

beforeAll(() => {
  Object.assign(process.env, {
    NEXTAUTH_SECRET: 'x'.repeat(32),
    NEXTAUTH_URL: 'http://127.0.0.1:3999',
    OIDC_ISSUER: 'http://127.0.0.1:3998',
    OIDC_CLIENT_ID: 'kagi',
    OIDC_CLIENT_SECRET: 'secret',
    PORTAL_ROLE_ARN: 'arn:aws:iam::123456789012:role/kagi-portal-role',
    PORTAL_ROLE_SESSION_SECONDS: '3600',
  });
});
beforeEach(() => {
  sts.calls.length = 0;
  sts.next.length = 0;
});

describe('the role session cache', () => {
  it('assumes once per person and purpose, with the configured role and duration', async () => {
    const who = { purpose: 'self-service' as const, person: 'cache-a' };
    const first = await roleSessionFor(who);
    expect(await roleSessionFor(who)).toBe(first);
    await roleSessionFor({ purpose: 'helpdesk', agent: 'cache-a', subject: null, ticket: null });
    expect(sts.calls).toHaveLength(2);
    expect(sts.calls[0]).toMatchObject({ RoleArn: 'arn:aws:iam::123456789012:role/kagi-portal-role', DurationSeconds: 3600, SourceIdentity: 'cache-a', RoleSessionName: 'self-cache-a' });
  });

  it('shares one AssumeRole among concurrent requests of the same person', async () => {
    const who = { purpose: 'self-service' as const, person: 'cache-b' };
    const sessions = await Promise.all([roleSessionFor(who), roleSessionFor(who), roleSessionFor(who)]);
    expect(new Set(sessions).size).toBe(1);
    expect(sts.calls).toHaveLength(1);
  });

  it('renews 5 minutes before the end (or a fifth of the life, if shorter)', async () => {
    const who = { purpose: 'self-service' as const, person: 'cache-c' };
    const first = await roleSessionFor(who);
    expect(first.renewAt).toBeGreaterThanOrEqual(first.expiresAt - 300_000 - 5);
    expect(await roleSessionFor(who, first.renewAt - 1)).toBe(first);
    const renewed = await roleSessionFor(who, first.renewAt);
    expect(renewed).not.toBe(first);
    expect(sts.calls).toHaveLength(2);
    sts.next.push(10_000); // a 10 s session renews after 8 s
    const short = await roleSessionFor({ purpose: 'self-service', person: 'cache-short' });
    expect(short.expiresAt - short.renewAt).toBeLessThanOrEqual(2_000);
  });

  it('keeps using a still-valid session when its renewal fails, and fails once it is nearly over', async () => {
    const who = { purpose: 'self-service' as const, person: 'cache-d' };
    const first = await roleSessionFor(who);
    sts.next.push(named('Throttling'));
    expect(await roleSessionFor(who, first.renewAt + 1)).toBe(first);
    sts.next.push(named('Throttling'));
    await expect(roleSessionFor(who, first.expiresAt - 1_000)).rejects.toMatchObject({ code: 'role-throttled', retryAfterSeconds: 5 });
  });

  it('keeps one session per role: the same person in another account gets that account’s role', async () => {
    const who = { purpose: 'self-service' as const, person: 'cache-accounts' };
    const own = await roleSessionFor(who);
    const other = await sessionOfRole(who, OTHER_ROLE);
    expect(other).not.toBe(own);
    expect(await sessionOfRole(who, OTHER_ROLE)).toBe(other);
    expect(sts.calls.map((c) => c.RoleArn)).toEqual([ROLE, OTHER_ROLE]);
  });

  it('after forgetRoleSession (IAM said ExpiredToken), assumes anew', async () => {
    const who = { purpose: 'self-service' as const, person: 'cache-e' };
    const first = await roleSessionFor(who);
    forgetRoleSession(who, ROLE, first);
    expect(await roleSessionFor(who)).not.toBe(first);
    expect(sts.calls).toHaveLength(2);
  });

  it('a user name that cannot be a session tag is role-denied before STS is asked', async () => {
    await expect(roleSessionFor({ purpose: 'self-service', person: 'a,b' })).rejects.toMatchObject({ code: 'role-denied' });
    expect(sts.calls).toHaveLength(0);
  });

  it.each([
    ['Throttling', 'role-throttled'],
    ['AccessDenied', 'role-denied'],
    ['RegionDisabledException', 'role-denied'],
    ['PackedPolicyTooLarge', 'role-denied'],
    ['ValidationError', 'role-denied'],
    ['TimeoutError', 'iam-unavailable'],
  ])('a failed AssumeRole (%s) is %s, with STS’s error kept as the cause only', async (name, code) => {
    sts.next.push(named(name, 'User: arn:aws:iam::123456789012:user/service/kagi-portal is not authorized'));
    const error = await roleSessionFor({ purpose: 'system', task: 'readiness' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).not.toContain('arn:aws');
    expect(((error as AppError).cause as Error).name).toBe(name);
  });
});
