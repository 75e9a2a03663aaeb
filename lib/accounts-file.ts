import { z } from 'zod';

/**
 * The accounts file (KAGI_ACCOUNTS_FILE): which AWS accounts one Kagi serves, by the names
 * people know them by, and the role Kagi assumes in each. Pure: lib/config.ts reads the file
 * and reports what this finds wrong, naming the setting, like every other setting.
 *
 *   { "version": 1,
 *     "accounts": [
 *       { "id": "123456789012", "name": "Production" },
 *       { "id": "210987654321", "name": "Sandbox", "roleArn": "arn:aws:iam::210987654321:role/kagi-portal-access" } ] }
 *
 * The first account is Kagi's own: without `roleArn` it is served as without the file
 * (PORTAL_ROLE_ARN's role mode, or base mode). Every other account is served in role mode
 * only, through its `roleArn`, which Kagi's principal assumes (deploy/README.md).
 *
 * A person's user in another account is, by default, the user of the same name under
 * IAM_USER_PATH_PREFIX. Where names differ between accounts, `"userTag": { "key": "kagi-identity",
 * "claim": "sub" }` (or `"claim": "email"`, a verified one) finds the user whose IAM user tag
 * `key` holds the person's identity-provider subject (or address) instead.
 */

export interface AccountSetting {
  /** The 12-digit account ID. */
  id: string;
  /** What people call it ("Production"), shown everywhere instead of the ID alone. */
  name: string;
  /** The role Kagi assumes there; undefined only for the first account, Kagi's own. */
  roleArn: string | undefined;
  /** Find the person's user by this IAM user tag holding this claim's value, not by name (other accounts only). */
  userTag?: { key: string; claim: 'sub' | 'email' };
}

export interface AccountsSetting {
  accounts: AccountSetting[];
}

export const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/([\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;

const accountSchema = z.strictObject({
  id: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID'),
  name: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  roleArn: z.string().regex(ROLE_ARN, 'must be an IAM role ARN such as arn:aws:iam::210987654321:role/kagi-portal-access').optional(),
  userTag: z
    .strictObject({
      key: z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, 'must be an IAM tag key (1-128 letters, digits, spaces or _.:/=+-@)'),
      claim: z.enum(['sub', 'email'], 'must be sub or email'),
    })
    .optional(),
});

const fileSchema = z
  .strictObject({
    version: z.literal(1, 'must be 1'),
    accounts: z.array(accountSchema).min(1, 'must list at least one account').max(100, 'may list at most 100 accounts'),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    file.accounts.forEach((account, index) => {
      const at = (field: string) => ['accounts', index, field];
      if (ids.has(account.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `${account.id} is listed twice` });
      ids.add(account.id);
      // People tell accounts apart by name.
      const name = account.name.toLowerCase();
      if (names.has(name)) ctx.addIssue({ code: 'custom', path: at('name'), message: `"${account.name}" names two accounts` });
      names.add(name);
      const roleAccount = account.roleArn?.match(ROLE_ARN)?.[1];
      if (roleAccount && roleAccount !== account.id) {
        ctx.addIssue({ code: 'custom', path: at('roleArn'), message: `is a role in account ${roleAccount}, not in ${account.id}` });
      }
      if (index === 0 && account.userTag) {
        ctx.addIssue({ code: 'custom', path: at('userTag'), message: "is for other accounts: in Kagi's own, IAM_USERNAME_CLAIM names the user" });
      }
      if (index > 0 && !account.roleArn) {
        ctx.addIssue({ code: 'custom', path: at('roleArn'), message: `is required for ${account.id}: Kagi reaches accounts other than its own (the first) only through a role it assumes there` });
      }
    });
  });

export type AccountsFileResult = { ok: true; value: AccountsSetting } | { ok: false; problems: string[] };

/** The file's accounts, or every problem with it, each naming where it is (`accounts[1].roleArn`). */
export function parseAccountsFile(text: string): AccountsFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`is not valid JSON (${error instanceof Error ? error.message : 'unreadable'})`] };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const where = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
        const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
        return where ? `${where}: ${message}` : message;
      }),
    };
  }
  return { ok: true, value: { accounts: parsed.data.accounts.map((a) => ({ id: a.id, name: a.name, roleArn: a.roleArn, ...(a.userTag ? { userTag: a.userTag } : {}) })) } };
}
