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
 * @param {{ url: string, adminAccessKeyId: string, adminSecretAccessKey: string, region?: string }} iam
 * @returns {Promise<{ accessKeyId: string, secretAccessKey: string }>} a fresh key for the portal principal
 */
export async function seedDemo(iam) {
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
    await client.send(
      new PutUserPolicyCommand({
        UserName: PORTAL_USER.userName,
        PolicyName: 'kagi-portal',
        PolicyDocument: fs.readFileSync(POLICY_FILE, 'utf8'),
      }),
    );
    // A new key each start: the old secret was only ever in the previous run's memory.
    const { AccessKeyMetadata = [] } = await client.send(new ListAccessKeysCommand({ UserName: PORTAL_USER.userName }));
    for (const key of AccessKeyMetadata) {
      await client.send(new DeleteAccessKeyCommand({ UserName: PORTAL_USER.userName, AccessKeyId: key.AccessKeyId }));
    }
    const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: PORTAL_USER.userName }));
    if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error('no key for the portal principal');
    return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
  } finally {
    client.destroy();
  }
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
