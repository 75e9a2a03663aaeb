import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

import { ConfigError, parseConfig } from '@/lib/config';

const required = {
  NEXTAUTH_SECRET: 'x'.repeat(32),
  NEXTAUTH_URL: 'https://kagi.example.com',
  OIDC_ISSUER: 'https://sso.example.com/realms/corp',
  OIDC_CLIENT_ID: 'kagi',
  OIDC_CLIENT_SECRET: 'client-secret',
} as const;

type RequiredName = keyof typeof required;

function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...required, ...overrides };
}

/** Runs parseConfig and returns the ConfigError it throws (fails the test if it does not). */
function configError(input: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('parseConfig did not throw');
}

describe('parseConfig', () => {
  it('refuses PORTAL_ROLE_ARN, which is not built yet, instead of ignoring it', () => {
    const error = configError(env({ PORTAL_ROLE_ARN: 'arn:aws:iam::123456789012:role/kagi-portal' }));
    expect(error.problems).toEqual([expect.stringMatching(/^PORTAL_ROLE_ARN is not supported yet/)]);
    expect(parseConfig(env({ PORTAL_ROLE_ARN: '' })).PORTAL_ROLE_ARN).toBeUndefined();
  });

  it('parses a minimal valid env and fills the defaults', () => {
    const config = parseConfig(env());
    expect(config).toEqual({
      ...required,
      OIDC_SCOPES: 'openid profile email groups',
      IAM_USERNAME_CLAIM: 'preferred_username',
      HELPDESK_GROUP: 'helpdesk',
      IAM_USER_PATH_PREFIX: '/',
      HELPDESK_PROTECTED_PATH_PREFIX: '/staff/helpdesk/',
      AWS_REGION: 'us-east-1',
      DATABASE_URL: 'file:.data/kagi.db',
      DATABASE_POOL_SIZE: 10,
      INSTANCE_HEARTBEAT_SECONDS: 5,
      KEY_ROTATION_DAYS: 90,
    });
    expect(config.AWS_ENDPOINT_URL_IAM).toBeUndefined();
    expect(typeof config.KEY_ROTATION_DAYS).toBe('number');
  });

  it('parses a complete valid env, keeping every value', () => {
    const full = env({
      OIDC_SCOPES: 'openid profile email',
      IAM_USERNAME_CLAIM: 'aws_user',
      HELPDESK_GROUP: 'it-support',
      IAM_USER_PATH_PREFIX: '/staff/',
      HELPDESK_PROTECTED_PATH_PREFIX: '/staff/admins/',
      AWS_REGION: 'ap-northeast-1',
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4566',
      DATABASE_URL: 'postgres://kagi:pw@db.example.com:5432/kagi?sslmode=verify-full',
      DATABASE_POOL_SIZE: '20',
      INSTANCE_HEARTBEAT_SECONDS: '2',
      KEY_ROTATION_DAYS: '30',
    });
    expect(parseConfig(full)).toEqual({ ...full, DATABASE_POOL_SIZE: 20, INSTANCE_HEARTBEAT_SECONDS: 2, KEY_ROTATION_DAYS: 30 });
  });

  it('ignores unrelated variables', () => {
    const config = parseConfig(env({ PATH: '/usr/bin', HOME: '/root' }));
    expect(config).not.toHaveProperty('PATH');
    expect(config).not.toHaveProperty('HOME');
  });

  it('treats empty optional values as unset (defaults apply)', () => {
    const config = parseConfig(
      env({
        IAM_USERNAME_CLAIM: '',
        HELPDESK_GROUP: '',
        IAM_USER_PATH_PREFIX: '',
        HELPDESK_PROTECTED_PATH_PREFIX: '',
        AWS_REGION: '',
        AWS_ENDPOINT_URL_IAM: '',
        DATABASE_URL: '',
        KEY_ROTATION_DAYS: '',
      }),
    );
    expect(config).toMatchObject({
      IAM_USERNAME_CLAIM: 'preferred_username',
      HELPDESK_GROUP: 'helpdesk',
      IAM_USER_PATH_PREFIX: '/',
      HELPDESK_PROTECTED_PATH_PREFIX: '/staff/helpdesk/',
      AWS_REGION: 'us-east-1',
      DATABASE_URL: 'file:.data/kagi.db',
      KEY_ROTATION_DAYS: 90,
    });
    expect(config.AWS_ENDPOINT_URL_IAM).toBeUndefined();
  });

  describe.each(Object.keys(required) as RequiredName[])('required %s', (name) => {
    it('missing → ConfigError naming it', () => {
      const error = configError(env({ [name]: undefined }));
      expect(error.name).toBe('ConfigError');
      expect(error.problems).toEqual([`${name} is required but not set`]);
      expect(error.message).toContain(name);
      expect(error.message).toContain('is required but not set');
    });

    it('empty string counts as unset', () => {
      const error = configError(env({ [name]: '' }));
      expect(error.problems).toEqual([`${name} is required but not set`]);
    });
  });

  it('reports every missing variable at once', () => {
    const error = configError({});
    expect(error.problems).toHaveLength(Object.keys(required).length);
    for (const name of Object.keys(required)) expect(error.message).toContain(name);
  });

  it.each<[string, string]>([
    ['NEXTAUTH_SECRET', 'x'.repeat(31)],
    ['NEXTAUTH_URL', 'not a url'],
    ['NEXTAUTH_URL', 'kagi.example.com'],
    ['NEXTAUTH_URL', 'ftp://kagi.example.com'],
    ['OIDC_ISSUER', 'sso'],
    ['AWS_ENDPOINT_URL_IAM', 'localhost:4566'],
    ['IAM_USER_PATH_PREFIX', 'staff'],
    ['IAM_USER_PATH_PREFIX', '/staff'],
    ['IAM_USER_PATH_PREFIX', 'staff/'],
    ['IAM_USER_PATH_PREFIX', '/sta ff/'],
    ['HELPDESK_PROTECTED_PATH_PREFIX', 'helpdesk'],
    ['KEY_ROTATION_DAYS', 'abc'],
    ['KEY_ROTATION_DAYS', '0'],
    ['KEY_ROTATION_DAYS', '-5'],
    ['KEY_ROTATION_DAYS', '1.5'],
    ['KEY_ROTATION_DAYS', '3651'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'file:'],
    ['DATABASE_URL', '.data/kagi.db'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_POOL_SIZE', '101'],
    ['DATABASE_POOL_SIZE', 'many'],
    ['INSTANCE_HEARTBEAT_SECONDS', '0'],
    ['INSTANCE_HEARTBEAT_SECONDS', '61'],
    ['INSTANCE_HEARTBEAT_SECONDS', '0.5'],
    ['AWS_REGION', 'Tokyo'],
    ['AWS_REGION', 'us-east'],
    ['AWS_REGION', 'US-EAST-1'],
  ])('%s=%j → ConfigError naming the variable', (name, value) => {
    const error = configError(env({ [name]: value }));
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem?.startsWith(`${name} `)).toBe(true);
    expect(problem).not.toContain('is required but not set');
    expect(error.message).toContain(name);
  });

  it('gives the helpful messages for a few wrong values', () => {
    expect(configError(env({ NEXTAUTH_SECRET: 'short' })).problems).toEqual([
      'NEXTAUTH_SECRET must be at least 32 characters',
    ]);
    expect(configError(env({ IAM_USER_PATH_PREFIX: 'staff' })).problems[0]).toContain('must be an IAM path');
    expect(configError(env({ AWS_REGION: 'Tokyo' })).problems[0]).toContain('must be an AWS region');
    expect(configError(env({ DATABASE_URL: 'mysql://x' })).problems[0]).toContain('must be file:PATH or postgres://');
  });

  it('reports a missing and a wrong variable together', () => {
    const error = configError(env({ OIDC_CLIENT_ID: undefined, AWS_REGION: 'Tokyo' }));
    expect(error.problems).toHaveLength(2);
    expect(error.problems).toContain('OIDC_CLIENT_ID is required but not set');
    expect(error.problems.some((p) => p.startsWith('AWS_REGION '))).toBe(true);
  });

  it.each<[string, string, unknown]>([
    ['NEXTAUTH_SECRET', 'y'.repeat(32), 'y'.repeat(32)],
    ['NEXTAUTH_URL', 'http://localhost:3000', 'http://localhost:3000'],
    ['IAM_USER_PATH_PREFIX', '/', '/'],
    ['IAM_USER_PATH_PREFIX', '/a/b/c/', '/a/b/c/'],
    ['KEY_ROTATION_DAYS', '1', 1],
    ['KEY_ROTATION_DAYS', '3650', 3650],
    ['DATABASE_URL', 'file:/var/lib/kagi.db', 'file:/var/lib/kagi.db'],
    ['DATABASE_URL', 'postgresql://u@h/db', 'postgresql://u@h/db'],
    ['AWS_REGION', 'eu-west-2', 'eu-west-2'],
    ['AWS_REGION', 'us-gov-west-1', 'us-gov-west-1'],
  ])('accepts %s=%j', (name, value, parsed) => {
    expect(parseConfig(env({ [name]: value }))[name as keyof ReturnType<typeof parseConfig>]).toEqual(parsed);
  });
});
