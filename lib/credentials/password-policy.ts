import { boolean, integer, isoDateTime, nullable, object, string, type Infer } from '@/lib/shape';

/**
 * The account password policy and the one validator used by both the page (live checklist)
 * and the route (before IAM is called). No server imports: the browser uses it too.
 * IAM enforces the same rules again; tests run the same cases against both. No zod either
 * (lib/shape.ts says why); the body of PUT /api/me/console-password is in console-password-schema.ts.
 */

export const passwordPolicySchema = object({
  /** True when the account has no policy of its own and AWS's default applies. */
  isDefault: boolean(),
  minimumLength: integer(),
  requireUppercase: boolean(),
  requireLowercase: boolean(),
  requireNumbers: boolean(),
  requireSymbols: boolean(),
  /** The default policy's rule: at least three of the four kinds of character. */
  requireThreeOfFourKinds: boolean(),
  /** Days a password lasts; null when passwords never expire. */
  maxAgeDays: nullable(integer()),
  /** How many earlier passwords may not be used again; null when not checked. */
  reusePrevention: nullable(integer()),
});
export type PasswordPolicy = Infer<typeof passwordPolicySchema>;

/** AWS's default policy, which applies while the account has none of its own. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  isDefault: true,
  minimumLength: 8,
  requireUppercase: false,
  requireLowercase: false,
  requireNumbers: false,
  requireSymbols: false,
  requireThreeOfFourKinds: true,
  maxAgeDays: null,
  reusePrevention: null,
};

/** The only characters IAM counts as symbols. Others (such as ~ . , ?) are allowed but do not count. */
export const IAM_SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

export const MAX_PASSWORD_LENGTH = 128;

/** Characters IAM accepts in a password at all: tab, line breaks, and Latin-1 printable. */
const ALLOWED = /^[\t\n\r\x20-\xff]*$/;

export type PasswordRule =
  | 'minimum-length'
  | 'maximum-length'
  | 'allowed-characters'
  | 'uppercase'
  | 'lowercase'
  | 'number'
  | 'symbol'
  | 'three-of-four-kinds'
  | 'not-user-name'
  /** Only IAM can check this one: it keeps the history, Kagi never sees old passwords. */
  | 'recently-used';

export interface RuleResult {
  rule: PasswordRule;
  ok: boolean;
}

const kinds = {
  uppercase: (p: string) => /[A-Z]/.test(p),
  lowercase: (p: string) => /[a-z]/.test(p),
  number: (p: string) => /[0-9]/.test(p),
  symbol: (p: string) => [...p].some((c) => IAM_SYMBOLS.includes(c)),
};

/**
 * Every rule that applies under this policy, each with whether the password meets it, in the
 * order a checklist shows them. `userName` enables the default policy's "not your user name".
 */
export function checkPassword(password: string, policy: PasswordPolicy, userName?: string): RuleResult[] {
  const results: RuleResult[] = [
    { rule: 'minimum-length', ok: password.length >= policy.minimumLength },
    { rule: 'maximum-length', ok: password.length <= MAX_PASSWORD_LENGTH },
    { rule: 'allowed-characters', ok: ALLOWED.test(password) },
  ];
  if (policy.requireUppercase) results.push({ rule: 'uppercase', ok: kinds.uppercase(password) });
  if (policy.requireLowercase) results.push({ rule: 'lowercase', ok: kinds.lowercase(password) });
  if (policy.requireNumbers) results.push({ rule: 'number', ok: kinds.number(password) });
  if (policy.requireSymbols) results.push({ rule: 'symbol', ok: kinds.symbol(password) });
  if (policy.requireThreeOfFourKinds) {
    const count = Object.values(kinds).filter((has) => has(password)).length;
    results.push({ rule: 'three-of-four-kinds', ok: count >= 3 });
  }
  if (policy.isDefault && userName !== undefined) {
    results.push({ rule: 'not-user-name', ok: password.toLowerCase() !== userName.toLowerCase() });
  }
  return results;
}

export function failedRules(password: string, policy: PasswordPolicy, userName?: string): PasswordRule[] {
  return checkPassword(password, policy, userName)
    .filter((r) => !r.ok)
    .map((r) => r.rule);
}

/** When a password set at `changedAt` expires under the policy; null when it never does. */
export function passwordExpiresAt(changedAt: Date, policy: Pick<PasswordPolicy, 'maxAgeDays'>): Date | null {
  if (!policy.maxAgeDays) return null;
  return new Date(changedAt.getTime() + policy.maxAgeDays * 24 * 60 * 60 * 1000);
}

export const consolePasswordStatusSchema = object({
  enabled: boolean(),
  resetRequired: boolean(),
  /** When console sign-in was first enabled (IAM keeps no other date). */
  createDate: nullable(isoDateTime()),
  /** When the password was last set through Kagi, if ever. */
  lastChangedByKagi: nullable(isoDateTime()),
  expiresAt: nullable(isoDateTime()),
  policy: passwordPolicySchema,
  symbols: string(),
});
export type ConsolePasswordStatus = Infer<typeof consolePasswordStatusSchema>;
