import 'server-only';
import fs from 'node:fs';
import { z } from 'zod';
import { parseAccountsFile, ROLE_ARN, type AccountsFileResult } from './accounts-file';

/**
 * Every environment variable Kagi reads, parsed once. Nothing else in the code reads
 * process.env (STYLE rule 9). A wrong or missing value stops start-up (instrumentation.ts)
 * with a message that names the variable.
 */

const iamPath = z
  .string()
  .regex(/^\/([\x21-\x7e]+\/)?$/, 'must be an IAM path such as / or /staff/ (start and end with /)');

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * The local IAM stand-in's documented bootstrap admin key (local/iam/server.mjs). Known here by
 * value because the portal imports nothing from local/ (STYLE rule 13): no deployment should
 * ever run with it.
 */
const LOCAL_IAM_ADMIN_ACCESS_KEY_ID = 'AKIAKAGILOCALADMIN00';

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: only this machine can be reached there. */
function isLoopbackUrl(value: string): boolean {
  return isLoopbackHost(new URL(value).hostname);
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]' || host === '::1';
}

/** SMTP_URL as it may be logged or shown: the password, and the user name, masked. */
export function redactSmtpUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.username) url.username = '***';
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'smtp://…';
  }
}

const STAND_IN_HINT = 'or, for a local stand-in only, set KAGI_LOCAL_STANDIN=true';

/**
 * What this code was built as. `next build` replaces `process.env.NODE_ENV` in every server
 * bundle with "production" (Next inlines it at build time), so a `next start` of a build is
 * production whatever NODE_ENV it is started with; `next dev` inlines "development". Code run
 * from source, as under vitest, reads the process's own value ("test").
 */
const BUILT_AS: string | undefined = process.env.NODE_ENV;

/**
 * Session secrets that this repository itself publishes (the demo, the tests, the benches,
 * deploy/README.md's placeholder): anyone can read them, so no deployment may sign cookies
 * with them. Known here by value because the portal imports nothing from local/ or tests/.
 */
export const PUBLISHED_TEST_SECRETS: readonly string[] = [
  'kagi-e2e-only-session-secret-not-for-real-use', // local/demo.mjs, tests/e2e/stack.ts
  'kagi-integration-only-session-secret-0123456789', // tests/support/portal-stack.ts
  'kagi-bench-only-session-secret-0123456789abcdef', // tests/bench/api.mjs
  'kagi-load-bench-session-secret-0123456789abcdef', // tests/bench/load.mjs
  'kagi-outage-test-secret-0123456789abcdef', // tests/integration/multi-instance/database-outage.test.ts (before #20)
  'kagi-production-startup-test-0123456789abcdef', // tests/integration/portal/production-startup.test.ts
  'unit-test-secret-unit-test-secret-0123', // tests/unit/proxy.test.ts, session-cookie.test.ts
  'another-secret-another-secret-000', // tests/unit/session-cookie.test.ts, session-token.test.ts
  'some-other-secret-some-other-secret', // tests/e2e/auth/session-api.spec.ts
  '<openssl rand -base64 32>', // deploy/README.md's placeholder, copied as it is
];

/** At least this many different characters in a production NEXTAUTH_SECRET. */
const SECRET_MIN_DISTINCT = 8;

/**
 * Why a NEXTAUTH_SECRET is too weak for production, or null. The rule (README's settings
 * table): not one of PUBLISHED_TEST_SECRETS; at least SECRET_MIN_DISTINCT different
 * characters; no one character in more than a third of it; and not a piece of at most half
 * its length repeated (abcabc…). What `openssl rand -base64 32` or `-hex 32` prints
 * practically always passes (a 32-character `-hex 16` failed 3 times in 300,000 tries).
 */
export function weakSecretReason(secret: string): string | null {
  if (PUBLISHED_TEST_SECRETS.includes(secret)) return 'is one of the test or demo secrets published in this repository';
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  if (counts.size < SECRET_MIN_DISTINCT) return `has only ${counts.size} different characters (at least ${SECRET_MIN_DISTINCT} needed)`;
  const chars = [...secret];
  if (Math.max(...counts.values()) * 3 > chars.length) return 'is mostly one character repeated';
  for (let period = 1; period * 2 <= chars.length; period++) {
    if (chars.every((ch, i) => i < period || ch === chars[i - period])) return `is a piece of ${period} characters repeated`;
  }
  return null;
}

/**
 * Why a PostgreSQL DATABASE_URL may send its connection over the network without a checked
 * certificate, or null. The host is the URL's, or its `host` parameter's (pg lets that
 * override it); a Unix socket (a path) or an empty host is this machine.
 */
export function unverifiedDatabaseTls(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'cannot be read as a URL to check its TLS setting';
  }
  const host = parsed.searchParams.get('host') ?? decodeURIComponent(parsed.hostname);
  if (host === '' || host.startsWith('/') || isLoopbackHost(host)) return null;
  const modes = parsed.searchParams.getAll('sslmode');
  if (modes.at(-1) === 'verify-full') return null;
  return `connects to ${host} with ${modes.length ? `sslmode=${modes.at(-1)}` : 'no sslmode'}`;
}

const envShape = z.object({
  /**
   * `next start` runs as production, `next dev` as development, vitest as test. Anything
   * else, unset included, is taken for production: the checks below fail closed.
   */
  NODE_ENV: z.string().optional(),
  /**
   * Declares that IAM and the identity provider are local stand-ins (the demo, the tests):
   * lifts the production-only refusals below. Never set it in a deployment.
   */
  KAGI_LOCAL_STANDIN: z
    .enum(['true', 'false'], 'must be true or false')
    .optional()
    .transform((v) => v === 'true'),
  /**
   * PostgreSQL off this machine without sslmode=verify-full is refused in production; this
   * says, for a network path protected some other way, that this is intended.
   */
  KAGI_DATABASE_ALLOW_UNVERIFIED_TLS: z
    .enum(['true', 'false'], 'must be true or false')
    .optional()
    .transform((v) => v === 'true'),
  /**
   * Signs the session cookie (next-auth v4's name). At least 32 characters; in production
   * also not weak (weakSecretReason).
   */
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** The origin people use to reach Kagi, e.g. https://kagi.example.com (next-auth v4's name). */
  NEXTAUTH_URL: httpUrl,
  /** The OpenID Connect issuer (company SSO). */
  OIDC_ISSUER: httpUrl,
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  /** Scopes asked of the identity provider; some (Entra ID, Google) refuse "groups". */
  OIDC_SCOPES: z
    .string()
    .regex(/(^|\s)openid(\s|$)/, 'must include openid')
    .default('openid profile email groups'),
  /** Which ID-token claim holds the person's IAM user name. */
  IAM_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
  /** Members of this group (the `groups` claim) get the help-desk role. */
  HELPDESK_GROUP: z.string().min(1).default('helpdesk'),
  /** Only IAM users under this path may use Kagi and be helped. */
  IAM_USER_PATH_PREFIX: iamPath.default('/'),
  /**
   * IAM users under this path are never acted on by the help desk. Must lie inside
   * IAM_USER_PATH_PREFIX; defaults to `<IAM_USER_PATH_PREFIX>helpdesk/`.
   */
  HELPDESK_PROTECTED_PATH_PREFIX: iamPath.optional(),
  /** Region for signing IAM calls; IAM itself is global. */
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1').default('us-east-1'),
  /** Only for the local IAM endpoint; refused in production. The AWS SDK reads it too. */
  AWS_ENDPOINT_URL_IAM: httpUrl.optional(),
  /** The SDK's endpoint for every service, IAM included: read only to be refused in production. */
  AWS_ENDPOINT_URL: z.string().optional(),
  /**
   * Read only to refuse the local stand-in's admin key in production; the SDK's default
   * credential chain is what uses it. (Its secret is never read here.)
   */
  AWS_ACCESS_KEY_ID: z.string().optional(),
  /**
   * Role mode: every IAM call goes through a session of this role, assumed with sts:AssumeRole
   * by the base principal (the default credential chain), whose SourceIdentity names the
   * person served and whose tags name the IAM user acted on (deploy/role-policy.json confines
   * it to that user). Unset: Kagi calls IAM as the base principal itself.
   */
  PORTAL_ROLE_ARN: z
    .string()
    .regex(ROLE_ARN, 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/kagi-portal')
    .optional(),
  /**
   * Several AWS accounts: the path of a JSON file listing them (lib/accounts-file.ts; README,
   * "Several AWS accounts"). Unset: Kagi serves one account, its own, as it always has.
   */
  KAGI_ACCOUNTS_FILE: z.string().min(1).optional(),
  /** Role mode: how long each role session lasts (the role's MaxSessionDuration must allow it). */
  PORTAL_ROLE_SESSION_SECONDS: z.coerce.number().int().min(900).max(43200).default(3600),
  /** Only for the local STS endpoint (role mode); refused in production. The AWS SDK reads it too. */
  AWS_ENDPOINT_URL_STS: httpUrl.optional(),
  /** file:… (SQLite, default) or postgres://… for several instances. */
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, 'must be file:PATH or postgres://…')
    .default('file:.data/kagi.db'),
  /** PostgreSQL only: connections each instance keeps open at most. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * How often each instance tells the database it is alive. One silent for six of these is
   * taken for dead, and another instance resolves the audit entries it left pending.
   */
  INSTANCE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  /**
   * An authenticator-app set-up not finished within this many seconds is abandoned: the
   * sweep deletes the unused device it made in IAM (10 minutes by default).
   */
  MFA_ENROLMENT_SECONDS: z.coerce.number().int().min(10).max(3600).default(600),
  /** Help-desk cases an agent may open in an hour, and that may be opened about one person. */
  HELPDESK_CASES_PER_AGENT_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  HELPDESK_CASES_PER_PERSON_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  /**
   * A session ends after this many minutes in which the person did nothing (background polls
   * don't count); at most the 8-hour absolute lifetime.
   */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(480).default(30),
  /**
   * How long /api/health/ready reuses IAM's last answer (lib/iam/probe.ts): probes are
   * anonymous and IAM's throttling is account-wide. 0 asks IAM at every probe (the tests).
   */
  READINESS_IAM_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /** Access keys older than this many days are overdue for rotation. */
  KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * Where notifications are sent: smtp://[user:password@]host[:port] (STARTTLS, required off
   * this machine) or smtps://… (TLS from the start). Unset: Kagi sends no e-mail at all.
   */
  SMTP_URL: z
    .string()
    .refine((v) => {
      try {
        const url = new URL(v);
        return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be smtp://[user:password@]host[:port] or smtps://…')
    .optional(),
  /** The sender of every notification, e.g. "Kagi <kagi@example.com>". Required with SMTP_URL. */
  MAIL_FROM: z
    .string()
    .regex(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address such as kagi@example.com or "Kagi <kagi@example.com>"')
    .optional(),
  /**
   * The IAM user tag that holds a person's e-mail address (e.g. "email"), for people Kagi has
   * no verified address of (never signed in, or their provider does not verify addresses):
   * their notices and reminders go there, in English with times in UTC. Unset: they get none.
   */
  IAM_EMAIL_TAG: z
    .string()
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, 'must be an IAM tag key (1-128 letters, digits, spaces or _.:/=+-@), e.g. email')
    .optional(),
  /** Set by `npm run reminders` only: run one reminder pass instead of serving, then exit. */
  KAGI_TASK: z.enum(['reminders', 'release-sign-in-link'], 'must be reminders or release-sign-in-link (set by npm run reminders or npm run sign-in-link) or unset').optional(),
  /** Set by `npm run sign-in-link -- release <iam user> <ticket>` only: whose pin to release, under which ticket. */
  KAGI_TASK_IAM_USER: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM user name').optional(),
  KAGI_TASK_TICKET: z.string().trim().min(1).max(64).optional(),
  /** Set by `npm run sign-in-link`: who ran it (the operating-system account), for the audit entry. */
  KAGI_TASK_OPERATOR: z.string().trim().min(1).max(64).optional(),
  /** Set by `npm run sign-in-link -- release <iam user> <ticket> --account <ID>`: the account of the pin (several accounts). */
  KAGI_TASK_ACCOUNT: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID').optional(),
  /** How often an instance looks for keys to remind people about (the work is claimed in the database). */
  REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Seconds before the first retry of a message the mail server did not take; doubled each time. */
  MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Tries before a message is marked failed (and shown in the help desk's audit view). */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
});

/**
 * Production: code built by `next build` (BUILT_AS), whatever NODE_ENV it runs with, and
 * anything whose NODE_ENV says neither development nor test (see NODE_ENV above).
 * `builtAs` is for the unit tests, which run from source.
 */
export function isProduction(nodeEnv: string | undefined, builtAs: string | undefined = BUILT_AS): boolean {
  return builtAs === 'production' || (nodeEnv !== 'development' && nodeEnv !== 'test');
}

const envSchema = (builtAs: string | undefined) => envShape
  // zod runs this even after a wrong value (not after a missing one), so each check first
  // makes sure its values are well formed: a wrong value is reported once, by its own rule.
  .superRefine((env, ctx) => {
    const refuse = (name: keyof typeof envShape.shape, message: string) => ctx.addIssue({ code: 'custom', path: [name], message });

    // A meaning, not a deployment choice: checked everywhere. A protected path outside the
    // users' path protects nobody Kagi serves, so one agent could reset another.
    const users = env.IAM_USER_PATH_PREFIX;
    const protectedPath = env.HELPDESK_PROTECTED_PATH_PREFIX;
    if (protectedPath !== undefined && iamPath.safeParse(users).success && iamPath.safeParse(protectedPath).success && !protectedPath.startsWith(users)) {
      refuse('HELPDESK_PROTECTED_PATH_PREFIX', `must lie inside IAM_USER_PATH_PREFIX (${users}), e.g. ${users}helpdesk/: otherwise the help desk's own accounts are not protected from each other`);
    }

    if (env.KAGI_ACCOUNTS_FILE !== undefined) {
      const accounts = readAccountsFile(env.KAGI_ACCOUNTS_FILE);
      if (!accounts.ok) for (const problem of accounts.problems) refuse('KAGI_ACCOUNTS_FILE', `(${env.KAGI_ACCOUNTS_FILE}) ${problem}`);
      const own = accounts.ok ? accounts.value.accounts[0]?.roleArn : undefined;
      if (own && env.PORTAL_ROLE_ARN !== undefined && own !== env.PORTAL_ROLE_ARN) {
        refuse('KAGI_ACCOUNTS_FILE', `(${env.KAGI_ACCOUNTS_FILE}) accounts[0].roleArn is ${own} but PORTAL_ROLE_ARN is ${env.PORTAL_ROLE_ARN}: the first account is Kagi's own; give its role in one place`);
      }
    }

    if (env.SMTP_URL !== undefined && env.MAIL_FROM === undefined) {
      refuse('MAIL_FROM', 'is required when SMTP_URL is set: notifications need a sender address, e.g. "Kagi <kagi@example.com>"');
    }

    // Settings that are right for the local stand-ins and wrong in a deployment. `next dev`
    // and the unit tests use them as they are, so they are refused in production only.
    if (!isProduction(env.NODE_ENV, builtAs) || env.KAGI_LOCAL_STANDIN) return;
    for (const name of ['AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'] as const) {
      if (env[name] !== undefined) {
        refuse(name, `is set (${env[name]}) in production: Kagi would call that endpoint instead of AWS ${name === 'AWS_ENDPOINT_URL_STS' ? 'STS' : 'IAM'}. Unset it, ${STAND_IN_HINT}`);
      }
    }
    if (env.AWS_ACCESS_KEY_ID === LOCAL_IAM_ADMIN_ACCESS_KEY_ID) {
      refuse('AWS_ACCESS_KEY_ID', `is the local IAM stand-in's admin key (${LOCAL_IAM_ADMIN_ACCESS_KEY_ID}) in production: give Kagi its own principal's credentials (deploy/README.md), ${STAND_IN_HINT}`);
    }
    for (const name of ['NEXTAUTH_URL', 'OIDC_ISSUER'] as const) {
      if (httpUrl.safeParse(env[name]).success && env[name].startsWith('http:') && !isLoopbackUrl(env[name])) {
        refuse(name, `is plain http:// in production: sign-in and session cookies would cross the network unencrypted. Use https:// (http:// is accepted for localhost only), ${STAND_IN_HINT}`);
      }
    }
    if (users === '/') {
      refuse('IAM_USER_PATH_PREFIX', `is / in production (its default): every IAM user in the account, Kagi's own principal included, could use Kagi and be helped. Set the path of the people's users, e.g. /staff/ as in deploy/iam-policy.json, ${STAND_IN_HINT}`);
    }
    // The value itself is never part of the message.
    const weak = typeof env.NEXTAUTH_SECRET === 'string' && env.NEXTAUTH_SECRET.length >= 32 ? weakSecretReason(env.NEXTAUTH_SECRET) : null;
    if (weak) {
      refuse('NEXTAUTH_SECRET', `${weak}: anyone who can guess it can forge sessions. Generate one with \`openssl rand -base64 32\` (deploy/README.md), ${STAND_IN_HINT}`);
    }
    const database = typeof env.DATABASE_URL === 'string' && env.DATABASE_URL.startsWith('postgres') ? unverifiedDatabaseTls(env.DATABASE_URL) : null;
    if (database && !env.KAGI_DATABASE_ALLOW_UNVERIFIED_TLS) {
      refuse('DATABASE_URL', `${database} in production: the audit store's connection could be read or redirected on the way. Add sslmode=verify-full (with sslrootcert=… for a private CA, deploy/README.md), or set KAGI_DATABASE_ALLOW_UNVERIFIED_TLS=true if the network path is protected otherwise, ${STAND_IN_HINT}`);
    }
  })
  .transform((env) => ({
    ...env,
    HELPDESK_PROTECTED_PATH_PREFIX: env.HELPDESK_PROTECTED_PATH_PREFIX ?? `${env.IAM_USER_PATH_PREFIX}helpdesk/`,
    /** The accounts Kagi serves (null: one, its own, as without the file); checked above. */
    KAGI_ACCOUNTS: env.KAGI_ACCOUNTS_FILE === undefined ? null : accountsOrNull(readAccountsFile(env.KAGI_ACCOUNTS_FILE)),
  }));

function readAccountsFile(file: string): AccountsFileResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  return parseAccountsFile(text);
}

function accountsOrNull(result: AccountsFileResult) {
  return result.ok ? result.value : null;
}

export type Config = z.output<ReturnType<typeof envSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Kagi cannot start: its configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses an environment (process.env by default). Empty strings count as unset. `builtAs`
 * stands for what the code was built as (BUILT_AS); unit tests pass "production" to check a
 * built server's rules.
 */
export function parseConfig(env: Record<string, string | undefined> = process.env, { builtAs = BUILT_AS }: { builtAs?: string } = {}): Config {
  const present = Object.fromEntries(
    Object.keys(envShape.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const result = envSchema(builtAs).safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        // A refusal of a value (even a default one) is not a missing value.
        return issue.code !== 'custom' && (env[name] === undefined || env[name] === '')
          ? `${name} is required but not set`
          : `${name} ${issue.message}`;
      }),
    );
  }
  return result.data;
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig();
  return cached;
}
