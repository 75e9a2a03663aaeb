// @ts-check
/**
 * Demo data, written through IAM's own API with the bootstrap admin key, so the demo and the
 * e2e tests start from the same state a real account would be in. Safe to run again: it
 * creates what is missing and leaves what exists.
 */
import fs from 'node:fs';
import {
  IAMClient,
  CreateUserCommand,
  GetUserCommand,
  CreateLoginProfileCommand,
  GetLoginProfileCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  ListAccessKeysCommand,
  DeleteAccessKeyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  UpdateAssumeRolePolicyCommand,
  PutRolePolicyCommand,
  DeleteUserPolicyCommand,
} from '@aws-sdk/client-iam';

export const DEMO_PASSWORD_POLICY = {
  MinimumPasswordLength: 12,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 5,
};

/** taro's console password at the start of every demo (it satisfies the policy above). */
export const TARO_INITIAL_PASSWORD = 'Sakura-Spring-2026!';

/**
 * The IAM users of the demo; the identity provider's accounts of the same names map to them.
 * @type {Array<{ userName: string, path: string, consolePassword?: string }>}
 */
export const DEMO_USERS = [
  { userName: 'taro', path: '/staff/', consolePassword: TARO_INITIAL_PASSWORD },
  { userName: 'hanako', path: '/staff/' },
  { userName: 'sato', path: '/staff/helpdesk/', consolePassword: 'Helpdesk-Sato-2026!' },
  { userName: 'mori', path: '/staff/helpdesk/' },
];

/**
 * The portal's own principal. Outside /staff/, so Kagi can never act on it.
 * @type {{ userName: string, path: string, consolePassword?: string }}
 */
export const PORTAL_USER = { userName: 'kagi-portal', path: '/service/' };

const POLICY_FILE = new URL('../deploy/iam-policy.json', import.meta.url);

/** The demo's accounts: Production (the local endpoint's first) and Sandbox. */
export const PRODUCTION_ACCOUNT_ID = '123456789012';
export const SANDBOX_ACCOUNT_ID = '210987654321';

/**
 * Kagi's role in every account but its own: assumed by Kagi's principal in Production, whom
 * its trust policy names (deploy/role-trust-policy.json as it is, with the same SourceIdentity
 * and tag conditions), and allowed exactly what deploy/role-policy.json allows.
 */
export const ACCOUNT_ROLE = {
  roleName: 'kagi-portal-access',
  trustPolicyFile: new URL('../deploy/role-trust-policy.json', import.meta.url),
  policyFile: new URL('../deploy/role-policy.json', import.meta.url),
};

/**
 * What Kagi's principal needs besides a trust policy naming it to assume the role of another
 * account: across accounts AWS asks the caller's own policy too (sts:AssumeRole, and
 * sts:SetSourceIdentity and sts:TagSession since Kagi sets both).
 */
export const ACCOUNT_ROLES_POLICY = {
  policyName: 'kagi-portal-account-roles',
  policyFile: new URL('../deploy/account-roles-policy.json', import.meta.url),
};

/**
 * The demo's accounts, in the accounts file's order and shape (KAGI_ACCOUNTS_FILE, version 1).
 * @type {ReadonlyArray<{ id: string, name: string, roleArn?: string }>}
 */
export const DEMO_ACCOUNTS = [
  { id: PRODUCTION_ACCOUNT_ID, name: 'Production' },
  { id: SANDBOX_ACCOUNT_ID, name: 'Sandbox', roleArn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/${ACCOUNT_ROLE.roleName}` },
];

/**
 * The IAM users of Sandbox: taro (without a console password; Production's has one) and the
 * help desk, under the protected path as in Production; no hanako.
 * @type {Array<{ userName: string, path: string, consolePassword?: string }>}
 */
export const SANDBOX_USERS = [
  { userName: 'taro', path: '/staff/' },
  { userName: 'sato', path: '/staff/helpdesk/' },
  { userName: 'mori', path: '/staff/helpdesk/' },
];

/**
 * The accounts file the portal reads (KAGI_ACCOUNTS_FILE).
 * @param {ReadonlyArray<{ id: string, name: string, roleArn?: string }>} [accounts]
 */
export const accountsFile = (accounts = DEMO_ACCOUNTS) => ({ version: 1, accounts: accounts.map((a) => ({ ...a })) });

/**
 * Role mode (PORTAL_ROLE_ARN): the role and its trust and permission policies. The base
 * principal then holds no policy at all: a trust policy that names it is all it needs to
 * assume the role, and it can do nothing else in IAM.
 */
export const PORTAL_ROLE = {
  roleName: 'kagi-portal-role',
  trustPolicyFile: new URL('../deploy/role-trust-policy.json', import.meta.url),
  policyFile: new URL('../deploy/role-policy.json', import.meta.url),
};

/**
 * @typedef {{ url: string, adminAccessKeyId: string, adminSecretAccessKey: string, region?: string,
 *   accounts?: ReadonlyArray<{ accountId: string, adminAccessKeyId: string, adminSecretAccessKey: string }> }} SeedTarget
 *   the local endpoint's handle (or its URL and an admin key); accounts: every account it serves
 */

/** @param {SeedTarget} iam @param {{ accessKeyId: string, secretAccessKey: string }} credentials */
const adminClient = (iam, credentials) => new IAMClient({ endpoint: iam.url, region: iam.region ?? 'us-east-1', credentials });

/**
 * The users and the account password policy of one account (creates what is missing).
 * @param {IAMClient} client
 * @param {Array<{ userName: string, path: string, consolePassword?: string }>} users
 */
async function seedUsers(client, users) {
  await client.send(new UpdateAccountPasswordPolicyCommand(DEMO_PASSWORD_POLICY));
  for (const user of users) {
    if (!(await exists(() => client.send(new GetUserCommand({ UserName: user.userName }))))) {
      await client.send(new CreateUserCommand({ UserName: user.userName, Path: user.path }));
    }
    if (user.consolePassword) {
      const hasProfile = await exists(() => client.send(new GetLoginProfileCommand({ UserName: user.userName })));
      if (!hasProfile) {
        await client.send(
          new CreateLoginProfileCommand({
            UserName: user.userName,
            Password: user.consolePassword,
            PasswordResetRequired: false,
          }),
        );
      }
    }
  }
}

/**
 * @param {SeedTarget} iam the first account's (Production's) admin key
 * @param {{ role?: boolean, sandbox?: boolean, moreAccounts?: Array<{ id: string, name: string, roleArn: string }> }} [options] role: set up role mode from deploy/
 *   (the role; the base principal holds no policy instead of deploy/iam-policy.json);
 *   sandbox: also seed Sandbox ({@link seedSandbox}; the endpoint must serve 210987654321) and
 *   let the portal principal assume its role (deploy/account-roles-policy.json)
 * @returns {Promise<{ accessKeyId: string, secretAccessKey: string, roleArn?: string,
 *   accounts?: Array<{ id: string, name: string, roleArn?: string }> }>} a fresh key for the
 *   portal principal, in role mode the role's ARN, with sandbox the demo's accounts (DEMO_ACCOUNTS)
 */
export async function seedDemo(iam, options = {}) {
  const client = adminClient(iam, { accessKeyId: iam.adminAccessKeyId, secretAccessKey: iam.adminSecretAccessKey });
  try {
    await seedUsers(client, [...DEMO_USERS, PORTAL_USER]);
    if (options.role) {
      await exists(() => client.send(new DeleteUserPolicyCommand({ UserName: PORTAL_USER.userName, PolicyName: 'kagi-portal' })));
    } else {
      await client.send(
        new PutUserPolicyCommand({
          UserName: PORTAL_USER.userName,
          PolicyName: 'kagi-portal',
          PolicyDocument: fs.readFileSync(POLICY_FILE, 'utf8'),
        }),
      );
    }
    if (!options.sandbox) {
      await exists(() => client.send(new DeleteUserPolicyCommand({ UserName: PORTAL_USER.userName, PolicyName: ACCOUNT_ROLES_POLICY.policyName })));
    } else {
      await client.send(
        new PutUserPolicyCommand({
          UserName: PORTAL_USER.userName,
          PolicyName: ACCOUNT_ROLES_POLICY.policyName,
          PolicyDocument: fs.readFileSync(ACCOUNT_ROLES_POLICY.policyFile, 'utf8'),
        }),
      );
      await seedSandbox(iam);
      // More accounts like Sandbox (benchmarks: `bench:api -- --accounts N`).
      for (const extra of options.moreAccounts ?? []) await seedSandbox(iam, extra.id);
    }
    const roleArn = options.role ? await seedRole(client, PORTAL_ROLE) : undefined;
    // A new key each start: the old secret was only ever in the previous run's memory.
    const { AccessKeyMetadata = [] } = await client.send(new ListAccessKeysCommand({ UserName: PORTAL_USER.userName }));
    for (const key of AccessKeyMetadata) {
      await client.send(new DeleteAccessKeyCommand({ UserName: PORTAL_USER.userName, AccessKeyId: key.AccessKeyId }));
    }
    const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: PORTAL_USER.userName }));
    if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error('no key for the portal principal');
    return {
      accessKeyId: AccessKey.AccessKeyId,
      secretAccessKey: AccessKey.SecretAccessKey,
      ...(roleArn ? { roleArn } : {}),
      ...(options.sandbox ? { accounts: [...accountsFile().accounts, ...(options.moreAccounts ?? [])] } : {}),
    };
  } finally {
    client.destroy();
  }
}

/**
 * Sandbox (210987654321): taro, sato and mori (SANDBOX_USERS), the demo's password policy,
 * and Kagi's role there (ACCOUNT_ROLE), whose trust policy names Kagi's principal in
 * Production. Safe to run again.
 * @param {SeedTarget} iam the endpoint's handle (Sandbox's admin key is taken from its
 *   `accounts`), or the URL with Sandbox's own admin key
 * @param {string} [accountId] another account to seed the same way (benchmarks), Sandbox by default
 * @returns {Promise<{ accountId: string, roleArn: string }>}
 */
export async function seedSandbox(iam, accountId = SANDBOX_ACCOUNT_ID) {
  const own = iam.accounts ? iam.accounts.find((a) => a.accountId === accountId) : iam;
  const named = accountId === SANDBOX_ACCOUNT_ID ? `Sandbox (${accountId})` : accountId;
  if (!own) throw new Error(`the local IAM endpoint does not serve ${named}: start it with accounts: ['${accountId}']`);
  const client = adminClient(iam, { accessKeyId: own.adminAccessKeyId, secretAccessKey: own.adminSecretAccessKey });
  try {
    await seedUsers(client, SANDBOX_USERS);
    const roleArn = await seedRole(client, ACCOUNT_ROLE);
    return { accountId, roleArn };
  } finally {
    client.destroy();
  }
}

/**
 * A role exactly as deploy/ describes it (the trust policy names the demo's kagi-portal user
 * in account 123456789012, the local endpoint's default).
 * @param {IAMClient} client
 * @param {{ roleName: string, trustPolicyFile: URL, policyFile: URL }} spec
 * @returns {Promise<string>} its ARN
 */
async function seedRole(client, spec) {
  const trust = fs.readFileSync(spec.trustPolicyFile, 'utf8');
  const RoleName = spec.roleName;
  if (await exists(() => client.send(new GetRoleCommand({ RoleName })))) {
    await client.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: trust }));
  } else {
    await client.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust, Description: 'Kagi: IAM calls on behalf of one person at a time' }));
  }
  await client.send(new PutRolePolicyCommand({ RoleName, PolicyName: RoleName, PolicyDocument: fs.readFileSync(spec.policyFile, 'utf8') }));
  const { Role } = await client.send(new GetRoleCommand({ RoleName }));
  if (!Role?.Arn) throw new Error('no ARN for the portal role');
  return Role.Arn;
}

/** @param {() => Promise<unknown>} call */
async function exists(call) {
  try {
    await call();
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchEntityException') return false;
    if (error instanceof Error && error.name === 'NoSuchEntity') return false;
    throw error;
  }
}
