import 'server-only';
import { z } from 'zod';

/**
 * Every environment variable Kagi reads, parsed once. Nothing else in the code reads
 * process.env (STYLE rule 9). A wrong or missing value stops start-up (instrumentation.ts)
 * with a message that names the variable.
 */

const iamPath = z
  .string()
  .regex(/^\/([\x21-\x7e]+\/)?$/, 'must be an IAM path such as / or /staff/ (start and end with /)');

const httpUrl = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  /** Signs the session cookie (next-auth v4's name). At least 32 characters. */
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
  /** IAM users under this path are never acted on by the help desk. */
  HELPDESK_PROTECTED_PATH_PREFIX: iamPath.default('/staff/helpdesk/'),
  /** Region for signing IAM calls; IAM itself is global. */
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1').default('us-east-1'),
  /** Only for the local IAM endpoint; unset in production. The AWS SDK reads it too. */
  AWS_ENDPOINT_URL_IAM: httpUrl.optional(),
  /**
   * The original design's optional role to assume (with SourceIdentity set to the signed-in person). Not
   * built yet: refusing it beats silently calling IAM as the base principal instead.
   */
  PORTAL_ROLE_ARN: z
    .string()
    .refine(() => false, 'is not supported yet: leave it unset and give the role to the portal through the default credential chain (task role, instance profile…)')
    .optional(),
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
  /** Access keys older than this many days are overdue for rotation. */
  KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Kagi cannot start: its configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (process.env by default). Empty strings count as unset. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const result = envSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return env[name] === undefined || env[name] === ''
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
