import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { adminIam } from '../stack';

/** What IAM itself says about a user's keys, read behind the portal's back. */
export async function keysInIam(userName: string): Promise<{ id: string; status: string }[]> {
  const res = await adminIam().send(new ListAccessKeysCommand({ UserName: userName }));
  return (res.AccessKeyMetadata ?? []).map((key) => ({ id: key.AccessKeyId ?? '', status: key.Status ?? '' })).sort((a, b) => a.id.localeCompare(b.id));
}

export async function deleteAllKeys(userName: string): Promise<void> {
  for (const key of await keysInIam(userName)) {
    await adminIam().send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.id }));
  }
}

/** A key made directly in IAM (as an administrator or the AWS CLI would). */
export async function createKeyInIam(userName: string): Promise<string> {
  const res = await adminIam().send(new CreateAccessKeyCommand({ UserName: userName }));
  return res.AccessKey?.AccessKeyId ?? '';
}
