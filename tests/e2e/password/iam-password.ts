import { ChangePasswordCommand, CreateAccessKeyCommand, DeleteAccessKeyCommand, IAMClient, UpdateLoginProfileCommand } from '@aws-sdk/client-iam';
import { E2E_STACK, adminIam } from '../stack';

let counter = 0;

/**
 * A strong password never used before (the demo policy refuses the last 5): capital, small
 * letters, digits and IAM symbols, 20+ characters, unique per call and per run.
 */
export function uniquePassword(): string {
  counter += 1;
  return `Kagi-${Date.now().toString(36)}-${counter}${Math.random().toString(36).slice(2, 8)}!Qz7`;
}

/** Puts a known password in place behind the portal's back, as an administrator would. */
export async function putKnownPassword(userName: string): Promise<string> {
  const password = uniquePassword();
  const admin = adminIam();
  try {
    await admin.send(new UpdateLoginProfileCommand({ UserName: userName, Password: password, PasswordResetRequired: false }));
  } finally {
    admin.destroy();
  }
  return password;
}

/** Runs `act` as the user themself, with a throw-away access key deleted afterwards. */
async function asUser<T>(userName: string, act: (iam: IAMClient) => Promise<T>): Promise<T> {
  const admin = adminIam();
  const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: userName }));
  if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error(`no access key for ${userName}`);
  const own = new IAMClient({
    endpoint: E2E_STACK.iamUrl,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey },
  });
  try {
    return await act(own);
  } finally {
    own.destroy();
    await admin.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: AccessKey.AccessKeyId }));
    admin.destroy();
  }
}

/** What IAM answered to ChangePassword: 'ok', or the error's name. */
async function tryChangePassword(iam: IAMClient, oldPassword: string, newPassword: string): Promise<string> {
  try {
    await iam.send(new ChangePasswordCommand({ OldPassword: oldPassword, NewPassword: newPassword }));
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}

/**
 * Proves, through IAM's own ChangePassword (which checks the old password), which password is
 * stored: each of `notStored` is refused as the old password, and `stored` is accepted. That
 * changes the password once more, so the new current one is returned.
 */
export async function provePasswordInIam(
  userName: string,
  { stored, notStored = [] }: { stored: string; notStored?: string[] },
): Promise<{ refused: string[]; acceptedStored: string; current: string }> {
  return asUser(userName, async (iam) => {
    const refused: string[] = [];
    for (const wrong of notStored) refused.push(await tryChangePassword(iam, wrong, uniquePassword()));
    const current = uniquePassword();
    const acceptedStored = await tryChangePassword(iam, stored, current);
    return { refused, acceptedStored, current };
  });
}
