import crypto from 'node:crypto';
import { ChangePasswordCommand, CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient } from '@aws-sdk/client-iam';
import type { PortalStack } from './portal-stack';

/** A strong password that satisfies the demo policy (12+, all four kinds). */
export const strong = () => `Kagi-${crypto.randomBytes(6).toString('hex')}-Aa1!`;

/**
 * A person of our own under /staff/, with a console password, so attempts in one test do not
 * share a rate limit with other tests. The password must be changed at the next sign-in
 * unless `resetRequired` is false.
 */
export async function newPerson(stack: PortalStack, { resetRequired = true } = {}): Promise<{ userName: string; password: string }> {
  const userName = `p${crypto.randomBytes(4).toString('hex')}`;
  const password = strong();
  await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
  await stack.admin.send(new CreateLoginProfileCommand({ UserName: userName, Password: password, PasswordResetRequired: resetRequired }));
  return { userName, password };
}

/**
 * Proves what the stored password is, the way IAM itself would: ChangePassword as the user,
 * with `password` as the old one (which IAM checks). Returns the password now in force.
 */
export async function provePasswordIs(stack: PortalStack, userName: string, password: string): Promise<string> {
  const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));
  const endpoint = await stack.admin.config.endpoint!();
  const client = new IAMClient({
    endpoint: `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
  });
  const next = strong();
  try {
    await client.send(new ChangePasswordCommand({ OldPassword: password, NewPassword: next }));
    return next;
  } finally {
    client.destroy();
    await stack.admin.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: AccessKey!.AccessKeyId! }));
  }
}
