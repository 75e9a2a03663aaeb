import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

import { ConfigError, parseConfig, PUBLISHED_TEST_SECRETS, weakSecretReason } from '@/lib/config';

const required = {
  // Random, as production needs (a weak or published one is refused there: see below).
  NEXTAUTH_SECRET: crypto.randomBytes(24).toString('base64url'),
  NEXTAUTH_URL: 'https://kagi.example.com',
  OIDC_ISSUER: 'https://sso.example.com/realms/corp',
  OIDC_CLIENT_ID: 'kagi',
  OIDC_CLIENT_SECRET: 'client-secret',
} as const;

type RequiredName = keyof typeof required;

/** As under vitest or `next dev`: the production-only refusals are tested on their own below. */
function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...required, NODE_ENV: 'test', ...overrides };
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
  it('takes a role ARN for PORTAL_ROLE_ARN (role mode), with a path or without, and refuses anything else', () => {
    expect(parseConfig(env({ PORTAL_ROLE_ARN: 'arn:aws:iam::123456789012:role/kagi-portal' })).PORTAL_ROLE_ARN).toBe('arn:aws:iam::123456789012:role/kagi-portal');
    expect(parseConfig(env({ PORTAL_ROLE_ARN: 'arn:aws:iam::123456789012:role/apps/kagi' })).PORTAL_ROLE_ARN).toBe('arn:aws:iam::123456789012:role/apps/kagi');
    expect(parseConfig(env({ PORTAL_ROLE_ARN: '' })).PORTAL_ROLE_ARN).toBeUndefined();
    for (const wrong of ['kagi-portal', 'arn:aws:iam::123456789012:user/kagi-portal', 'arn:aws:iam::1234:role/x', 'arn:aws:sts::123456789012:assumed-role/r/s']) {
      expect(configError(env({ PORTAL_ROLE_ARN: wrong })).problems).toEqual([expect.stringMatching(/^PORTAL_ROLE_ARN must be an IAM role ARN/)]);
    }
  });

  it('PORTAL_ROLE_SESSION_SECONDS: 900 to 43200, 3600 by default', () => {
    expect(parseConfig(env()).PORTAL_ROLE_SESSION_SECONDS).toBe(3600);
    expect(parseConfig(env({ PORTAL_ROLE_SESSION_SECONDS: '900' })).PORTAL_ROLE_SESSION_SECONDS).toBe(900);
    expect(configError(env({ PORTAL_ROLE_SESSION_SECONDS: '899' })).problems[0]).toMatch(/^PORTAL_ROLE_SESSION_SECONDS/);
    expect(configError(env({ PORTAL_ROLE_SESSION_SECONDS: '43201' })).problems[0]).toMatch(/^PORTAL_ROLE_SESSION_SECONDS/);
  });

  it('parses a minimal valid env and fills the defaults', () => {
    const config = parseConfig(env());
    expect(config).toEqual({
      ...required,
      NODE_ENV: 'test',
      KAGI_LOCAL_STANDIN: false,
      KAGI_DATABASE_ALLOW_UNVERIFIED_TLS: false,
      HELPDESK_CASES_PER_AGENT_HOUR: 20,
      HELPDESK_CASES_PER_PERSON_HOUR: 5,
      KAGI_ACCOUNTS: null,
      OIDC_SCOPES: 'openid profile email groups',
      IAM_USERNAME_CLAIM: 'preferred_username',
      HELPDESK_GROUP: 'helpdesk',
      IAM_USER_PATH_PREFIX: '/',
      HELPDESK_PROTECTED_PATH_PREFIX: '/helpdesk/',
      AWS_REGION: 'us-east-1',
      DATABASE_URL: 'file:.data/kagi.db',
      DATABASE_POOL_SIZE: 10,
      INSTANCE_HEARTBEAT_SECONDS: 5,
      MFA_ENROLMENT_SECONDS: 600,
      SESSION_IDLE_MINUTES: 30,
      KEY_ROTATION_DAYS: 90,
      READINESS_IAM_CACHE_SECONDS: 5,
      PORTAL_ROLE_SESSION_SECONDS: 3600,
      REMINDER_INTERVAL_MINUTES: 60,
      MAIL_RETRY_SECONDS: 30,
      MAIL_MAX_ATTEMPTS: 8,
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
      MFA_ENROLMENT_SECONDS: '120',
      SESSION_IDLE_MINUTES: '15',
      KEY_ROTATION_DAYS: '30',
      READINESS_IAM_CACHE_SECONDS: '0',
      PORTAL_ROLE_ARN: 'arn:aws:iam::123456789012:role/kagi-portal',
      PORTAL_ROLE_SESSION_SECONDS: '1800',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566',
      SMTP_URL: 'smtps://kagi:pw@smtp.example.com:465',
      MAIL_FROM: 'Kagi <kagi@example.com>',
      IAM_EMAIL_TAG: 'email',
      REMINDER_INTERVAL_MINUTES: '1440',
      MAIL_RETRY_SECONDS: '60',
      MAIL_MAX_ATTEMPTS: '3',
    });
    expect(parseConfig(full)).toEqual({
      ...full,
      KAGI_LOCAL_STANDIN: false,
      KAGI_DATABASE_ALLOW_UNVERIFIED_TLS: false,
      HELPDESK_CASES_PER_AGENT_HOUR: 20,
      HELPDESK_CASES_PER_PERSON_HOUR: 5,
      KAGI_ACCOUNTS: null,
      DATABASE_POOL_SIZE: 20,
      INSTANCE_HEARTBEAT_SECONDS: 2,
      MFA_ENROLMENT_SECONDS: 120,
      SESSION_IDLE_MINUTES: 15,
      KEY_ROTATION_DAYS: 30,
      READINESS_IAM_CACHE_SECONDS: 0,
      PORTAL_ROLE_SESSION_SECONDS: 1800,
      REMINDER_INTERVAL_MINUTES: 1440,
      MAIL_RETRY_SECONDS: 60,
      MAIL_MAX_ATTEMPTS: 3,
    });
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
        SESSION_IDLE_MINUTES: '',
        KEY_ROTATION_DAYS: '',
      }),
    );
    expect(config).toMatchObject({
      IAM_USERNAME_CLAIM: 'preferred_username',
      HELPDESK_GROUP: 'helpdesk',
      IAM_USER_PATH_PREFIX: '/',
      HELPDESK_PROTECTED_PATH_PREFIX: '/helpdesk/',
      AWS_REGION: 'us-east-1',
      DATABASE_URL: 'file:.data/kagi.db',
      SESSION_IDLE_MINUTES: 30,
      KEY_ROTATION_DAYS: 90,
      PORTAL_ROLE_SESSION_SECONDS: 3600,
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
    ['IAM_EMAIL_TAG', 'e-mail?'],
    ['IAM_EMAIL_TAG', 'x'.repeat(129)],
    ['IAM_USER_PATH_PREFIX', '/staff'],
    ['IAM_USER_PATH_PREFIX', 'staff/'],
    ['IAM_USER_PATH_PREFIX', '/sta ff/'],
    ['HELPDESK_PROTECTED_PATH_PREFIX', 'helpdesk'],
    ['KAGI_LOCAL_STANDIN', 'yes'],
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
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_IDLE_MINUTES', '481'],
    ['SESSION_IDLE_MINUTES', '0.5'],
    ['SESSION_IDLE_MINUTES', 'half an hour'],
    ['READINESS_IAM_CACHE_SECONDS', '-1'],
    ['READINESS_IAM_CACHE_SECONDS', '61'],
    ['READINESS_IAM_CACHE_SECONDS', '2.5'],
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
    ['SESSION_IDLE_MINUTES', '1', 1],
    ['SESSION_IDLE_MINUTES', '480', 480],
    ['DATABASE_URL', 'file:/var/lib/kagi.db', 'file:/var/lib/kagi.db'],
    ['DATABASE_URL', 'postgresql://u@h/db', 'postgresql://u@h/db'],
    ['AWS_REGION', 'eu-west-2', 'eu-west-2'],
    ['AWS_REGION', 'us-gov-west-1', 'us-gov-west-1'],
  ])('accepts %s=%j', (name, value, parsed) => {
    expect(parseConfig(env({ [name]: value }))[name as keyof ReturnType<typeof parseConfig>]).toEqual(parsed);
  });
});

describe('HELPDESK_PROTECTED_PATH_PREFIX', () => {
  it.each<[string, string]>([
    ['/', '/helpdesk/'],
    ['/staff/', '/staff/helpdesk/'],
    ['/people/', '/people/helpdesk/'],
    ['/a/b/', '/a/b/helpdesk/'],
  ])('defaults to <IAM_USER_PATH_PREFIX>helpdesk/: %s → %s', (users, protectedPath) => {
    expect(parseConfig(env({ IAM_USER_PATH_PREFIX: users })).HELPDESK_PROTECTED_PATH_PREFIX).toBe(protectedPath);
  });

  it.each<[string, string]>([
    ['/people/', '/people/helpdesk/'],
    ['/people/', '/people/'],
    ['/people/', '/people/it/admins/'],
    ['/', '/staff/helpdesk/'],
  ])('accepts %s with %s inside it', (users, protectedPath) => {
    const config = parseConfig(env({ IAM_USER_PATH_PREFIX: users, HELPDESK_PROTECTED_PATH_PREFIX: protectedPath }));
    expect(config.HELPDESK_PROTECTED_PATH_PREFIX).toBe(protectedPath);
  });

  it.each<[string, string]>([
    ['/people/', '/staff/helpdesk/'],
    ['/people/', '/'],
    ['/people/', '/peoplehelpdesk/'],
    ['/staff/dev/', '/staff/'],
  ])('refuses, outside %s, %s (in every NODE_ENV)', (users, protectedPath) => {
    for (const NODE_ENV of ['test', 'development', 'production']) {
      const error = configError(env({ NODE_ENV, KAGI_LOCAL_STANDIN: 'true', IAM_USER_PATH_PREFIX: users, HELPDESK_PROTECTED_PATH_PREFIX: protectedPath }));
      expect(error.problems).toEqual([
        `HELPDESK_PROTECTED_PATH_PREFIX must lie inside IAM_USER_PATH_PREFIX (${users}), e.g. ${users}helpdesk/: otherwise the help desk's own accounts are not protected from each other`,
      ]);
    }
  });
});

describe('in production', () => {
  /** A deployment's settings that pass every production check. */
  const deployment = { ...required, NODE_ENV: 'production', IAM_USER_PATH_PREFIX: '/staff/' };
  const prod = (overrides: Record<string, string | undefined> = {}) => ({ ...deployment, ...overrides });

  it('accepts a deployment: https, no endpoint override, its own key, a path of its own', () => {
    const config = parseConfig(prod({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' }));
    expect(config).toMatchObject({ IAM_USER_PATH_PREFIX: '/staff/', HELPDESK_PROTECTED_PATH_PREFIX: '/staff/helpdesk/', KAGI_LOCAL_STANDIN: false });
  });

  it.each<[string, Record<string, string>, string]>([
    ['AWS_ENDPOINT_URL_IAM', { AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4510' }, 'is set (http://127.0.0.1:4510) in production: Kagi would call that endpoint instead of AWS IAM'],
    ['AWS_ENDPOINT_URL_IAM', { AWS_ENDPOINT_URL_IAM: 'https://iam.example.com' }, 'is set (https://iam.example.com) in production'],
    ['AWS_ENDPOINT_URL_STS', { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4510' }, 'is set (http://127.0.0.1:4510) in production: Kagi would call that endpoint instead of AWS STS'],
    ['AWS_ENDPOINT_URL', { AWS_ENDPOINT_URL: 'http://localhost:4566' }, 'is set (http://localhost:4566) in production'],
    ['AWS_ACCESS_KEY_ID', { AWS_ACCESS_KEY_ID: 'AKIAKAGILOCALADMIN00' }, "is the local IAM stand-in's admin key (AKIAKAGILOCALADMIN00) in production"],
    ['NEXTAUTH_URL', { NEXTAUTH_URL: 'http://kagi.example.com' }, 'is plain http:// in production'],
    ['NEXTAUTH_URL', { NEXTAUTH_URL: 'http://10.0.0.5:3000' }, 'is plain http:// in production'],
    ['OIDC_ISSUER', { OIDC_ISSUER: 'http://sso.example.com/realms/corp' }, 'is plain http:// in production'],
    ['IAM_USER_PATH_PREFIX', { IAM_USER_PATH_PREFIX: '/' }, "is / in production (its default): every IAM user in the account, Kagi's own principal included"],
    ['IAM_USER_PATH_PREFIX', { IAM_USER_PATH_PREFIX: '' }, 'is / in production (its default)'],
  ])('refuses %s: %j', (name, overrides, message) => {
    const error = configError(prod(overrides));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(`${name} ${message}`);
    expect(error.problems[0]).toContain('KAGI_LOCAL_STANDIN=true');
    expect(error.message).toContain('Kagi cannot start');
  });

  it.each(['not a url', 'http://', 'ftp://kagi.example.com'])('reports a malformed NEXTAUTH_URL (%j) once, by its own rule', (url) => {
    const error = configError(prod({ NEXTAUTH_URL: url }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).not.toContain('in production');
  });

  it('refuses IAM_USER_PATH_PREFIX left unset, and does not call it missing', () => {
    const [problem] = configError({ ...deployment, IAM_USER_PATH_PREFIX: undefined }).problems;
    expect(problem).toMatch(/^IAM_USER_PATH_PREFIX is \/ in production/);
  });

  it('reports every refusal at once', () => {
    const error = configError(
      prod({ AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4510', AWS_ACCESS_KEY_ID: 'AKIAKAGILOCALADMIN00', NEXTAUTH_URL: 'http://kagi.example.com', IAM_USER_PATH_PREFIX: '/' }),
    );
    expect(error.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL_IAM', 'IAM_USER_PATH_PREFIX', 'NEXTAUTH_URL']);
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:3100', 'http://127.1.2.3', 'http://[::1]:3000', 'http://kagi.localhost'])(
    'accepts plain http for this machine only: %s',
    (url) => {
      expect(parseConfig(prod({ NEXTAUTH_URL: url, OIDC_ISSUER: url })).NEXTAUTH_URL).toBe(url);
    },
  );

  it('KAGI_LOCAL_STANDIN=true lifts every production refusal (the demo and the tests)', () => {
    const standIn = {
      ...required,
      NODE_ENV: 'production',
      KAGI_LOCAL_STANDIN: 'true',
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4510',
      AWS_ACCESS_KEY_ID: 'AKIAKAGILOCALADMIN00',
      NEXTAUTH_URL: 'http://kagi.example.com',
      OIDC_ISSUER: 'http://sso.example.com',
    };
    expect(parseConfig(standIn)).toMatchObject({ KAGI_LOCAL_STANDIN: true, IAM_USER_PATH_PREFIX: '/', AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4510' });
    expect(configError({ ...standIn, KAGI_LOCAL_STANDIN: 'false' }).problems).toHaveLength(5);
  });

  it.each<[string, boolean]>([
    ['production', true],
    ['', true],
    ['staging', true],
    ['development', false],
    ['test', false],
  ])('NODE_ENV=%j is production: %s (anything but development or test fails closed)', (nodeEnv, refused) => {
    const settings = { ...required, NODE_ENV: nodeEnv, AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4510' };
    if (refused) expect(configError(settings).problems[0]).toMatch(/^AWS_ENDPOINT_URL_IAM is set/);
    else expect(parseConfig(settings).AWS_ENDPOINT_URL_IAM).toBe('http://127.0.0.1:4510');
  });

  it.each(['test', 'development', undefined])('a build (next build inlines NODE_ENV=production) is production even with NODE_ENV=%j', (nodeEnv) => {
    const standInSettings = { ...required, NODE_ENV: nodeEnv, AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4510', AWS_ACCESS_KEY_ID: 'AKIAKAGILOCALADMIN00', NEXTAUTH_URL: 'http://kagi.example.com' };
    const built = { builtAs: 'production' };
    let error: ConfigError | undefined;
    try {
      parseConfig(standInSettings, built);
    } catch (thrown) {
      error = thrown as ConfigError;
    }
    expect(error?.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL_IAM', 'IAM_USER_PATH_PREFIX', 'NEXTAUTH_URL']);
    // Only the documented setting lifts the checks.
    expect(parseConfig({ ...standInSettings, KAGI_LOCAL_STANDIN: 'true' }, built).AWS_ENDPOINT_URL_IAM).toBe('http://127.0.0.1:4510');
    // Run from source (vitest, next dev): NODE_ENV decides, so both ways stay testable.
    if (nodeEnv) expect(parseConfig(standInSettings, { builtAs: nodeEnv }).AWS_ENDPOINT_URL_IAM).toBe('http://127.0.0.1:4510');
  });

  describe('NEXTAUTH_SECRET', () => {
    it.each<[string, string, RegExp]>([
      ['one character', 'x'.repeat(32), /has only 1 different characters/],
      ['few characters', 'abcabcabddabcabcabcabdabcabcabcd', /has only 4 different characters/],
      ['a short piece repeated', '0123456789'.repeat(4), /is a piece of 10 characters repeated/],
      ['a longer piece repeated', 'kagi-secret-2026-'.repeat(2), /is a piece of 17 characters repeated/],
      ['mostly one character', `${'a'.repeat(22)}bcdefghijk`, /is mostly one character repeated/],
      ...PUBLISHED_TEST_SECRETS.filter((secret) => secret.length >= 32).map((secret): [string, string, RegExp] => [`published: ${secret}`, secret, /is one of the test or demo secrets published in this repository/]),
    ])('refuses a weak one (%s), naming the variable but never the value', (_, secret, reason) => {
      const error = configError(prod({ NEXTAUTH_SECRET: secret }));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(/^NEXTAUTH_SECRET /);
      expect(error.problems[0]).toMatch(reason);
      expect(error.problems[0]).toContain('openssl rand -base64 32');
      expect(error.message).not.toContain(secret);
      // Outside production it is only the length that counts, and a stand-in lifts the rest.
      expect(parseConfig(env({ NEXTAUTH_SECRET: secret })).NEXTAUTH_SECRET).toBe(secret);
      expect(parseConfig(prod({ NEXTAUTH_SECRET: secret, KAGI_LOCAL_STANDIN: 'true' })).NEXTAUTH_SECRET).toBe(secret);
    });

    it('refuses every session secret written out in local/, tests/ and the docs', () => {
      const files: string[] = ['README.md', 'deploy/README.md'];
      const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const name = path.join(dir, entry.name);
          if (entry.isDirectory() && entry.name !== 'node_modules') walk(name);
          else if (/\.(ts|mts|mjs|js)$/.test(entry.name)) files.push(name);
        }
      };
      walk('local');
      walk('tests');
      const found = new Set<string>();
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        for (const match of text.matchAll(/\b(?:NEXTAUTH_SECRET|nextAuthSecret|SECRET|secret)\s*[:=]\s*['"`]([^'"`\s]{32,})['"`]/g)) found.add(match[1]!);
      }
      // Those the harnesses pass, at least, are found.
      expect([...found]).toEqual(expect.arrayContaining(['kagi-e2e-only-session-secret-not-for-real-use', 'kagi-integration-only-session-secret-0123456789']));
      for (const secret of found) {
        expect(weakSecretReason(secret), `${secret}: add it to PUBLISHED_TEST_SECRETS in lib/config.ts`).not.toBeNull();
      }
    });

    it('lists every NEXTAUTH_SECRET this repository publishes (the demo, the tests, the benches)', () => {
      // The values the harnesses pass; a new one must be added to PUBLISHED_TEST_SECRETS.
      for (const secret of [
        'kagi-e2e-only-session-secret-not-for-real-use',
        'kagi-integration-only-session-secret-0123456789',
        'kagi-bench-only-session-secret-0123456789abcdef',
        'kagi-load-bench-session-secret-0123456789abcdef',
        'kagi-outage-test-secret-0123456789abcdef',
        'kagi-production-startup-test-0123456789abcdef',
        'unit-test-secret-unit-test-secret-0123',
      ]) {
        expect(weakSecretReason(secret), secret).toMatch(/published/);
      }
    });

    it('accepts what openssl rand prints', () => {
      for (const secret of [crypto.randomBytes(32).toString('base64'), crypto.randomBytes(32).toString('hex'), crypto.randomBytes(24).toString('base64url')]) {
        expect(weakSecretReason(secret)).toBeNull();
        expect(parseConfig(prod({ NEXTAUTH_SECRET: secret })).NEXTAUTH_SECRET).toBe(secret);
      }
    });
  });

  describe('DATABASE_URL to PostgreSQL', () => {
    it.each([
      'postgres://kagi:pw@db.example.com:5432/kagi',
      'postgres://kagi:pw@db.example.com/kagi?sslmode=require',
      'postgresql://kagi@10.0.0.7/kagi?sslmode=verify-ca',
      'postgres://kagi@db.example.com/kagi?sslmode=verify-full&sslmode=prefer',
      // pg lets a host parameter override the URL's host.
      'postgres://kagi@127.0.0.1/kagi?host=db.example.com',
    ])('refuses %s off this machine without sslmode=verify-full, naming DATABASE_URL and not the password', (url) => {
      const error = configError(prod({ DATABASE_URL: url }));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(/^DATABASE_URL connects to (db\.example\.com|10\.0\.0\.7) with (no sslmode|sslmode=\S+) in production/);
      expect(error.problems[0]).toContain('sslmode=verify-full');
      expect(error.problems[0]).toContain('KAGI_DATABASE_ALLOW_UNVERIFIED_TLS=true');
      expect(error.message).not.toContain(':pw@');
      // The documented opt-out, and the stand-in setting, lift it; outside production it is not checked.
      expect(parseConfig(prod({ DATABASE_URL: url, KAGI_DATABASE_ALLOW_UNVERIFIED_TLS: 'true' })).KAGI_DATABASE_ALLOW_UNVERIFIED_TLS).toBe(true);
      expect(parseConfig(prod({ DATABASE_URL: url, KAGI_LOCAL_STANDIN: 'true' })).DATABASE_URL).toBe(url);
      expect(parseConfig(env({ DATABASE_URL: url })).DATABASE_URL).toBe(url);
    });

    it.each([
      'postgres://kagi:pw@db.example.com:5432/kagi?sslmode=verify-full',
      'postgres://kagi@db.example.com/kagi?sslrootcert=/etc/kagi/rds.pem&sslmode=verify-full',
      'postgres://kagi@127.0.0.1:5433/postgres',
      'postgres://kagi@localhost/kagi?sslmode=disable',
      'postgres://kagi@[::1]:5432/kagi',
      'postgres:///kagi?host=/var/run/postgresql',
      'file:.data/kagi.db',
    ])('accepts %s', (url) => {
      expect(parseConfig(prod({ DATABASE_URL: url })).DATABASE_URL).toBe(url);
    });

    it('takes only true or false for KAGI_DATABASE_ALLOW_UNVERIFIED_TLS', () => {
      expect(configError(env({ KAGI_DATABASE_ALLOW_UNVERIFIED_TLS: 'yes' })).problems).toEqual(['KAGI_DATABASE_ALLOW_UNVERIFIED_TLS must be true or false']);
    });
  });
});
