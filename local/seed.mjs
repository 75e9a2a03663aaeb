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
 * @param {{ url: string, adminAccessKeyId: string, adminSecretAccessKey: string, region?: string }} iam
 * @param {{ role?: boolean }} [options] role: set up role mode from deploy/ (the role; the base
 *   principal holds no policy instead of deploy/iam-policy.json)
 * @returns {Promise<{ accessKeyId: string, secretAccessKey: string, roleArn?: string }>} a fresh
 *   key for the portal principal, and in role mode the role's ARN
 */
export async function seedDemo(iam, options = {}) {
  const client = new IAMClient({
    endpoint: iam.url,
    region: iam.region ?? 'us-east-1',
    credentials: { accessKeyId: iam.adminAccessKeyId, secretAccessKey: iam.adminSecretAccessKey },
  });
  try {
    await client.send(new UpdateAccountPasswordPolicyCommand(DEMO_PASSWORD_POLICY));
    for (const user of [...DEMO_USERS, PORTAL_USER]) {
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
    const roleArn = options.role ? await seedRole(client) : undefined;
    // A new key each start: the old secret was only ever in the previous run's memory.
    const { AccessKeyMetadata = [] } = await client.send(new ListAccessKeysCommand({ UserName: PORTAL_USER.userName }));
    for (const key of AccessKeyMetadata) {
      await client.send(new DeleteAccessKeyCommand({ UserName: PORTAL_USER.userName, AccessKeyId: key.AccessKeyId }));
    }
    const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: PORTAL_USER.userName }));
    if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error('no key for the portal principal');
    return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey, ...(roleArn ? { roleArn } : {}) };
  } finally {
    client.destroy();
  }
}

/**
 * The portal's role exactly as deploy/ describes it (the trust policy names the demo's
 * kagi-portal user in account 123456789012, the local endpoint's default).
 * @param {IAMClient} client
 * @returns {Promise<string>} its ARN
 */
async function seedRole(client) {
  const trust = fs.readFileSync(PORTAL_ROLE.trustPolicyFile, 'utf8');
  const RoleName = PORTAL_ROLE.roleName;
  if (await exists(() => client.send(new GetRoleCommand({ RoleName })))) {
    await client.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: trust }));
  } else {
    await client.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust, Description: 'Kagi: IAM calls on behalf of one person at a time' }));
  }
  await client.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'kagi-portal-role', PolicyDocument: fs.readFileSync(PORTAL_ROLE.policyFile, 'utf8') }));
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
