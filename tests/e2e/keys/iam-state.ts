import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { E2E_STACK, adminIam } from '../stack';

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

/** Makes a key look `days` old (the local IAM endpoint's test control; real IAM cannot do this). */
export async function backdateKey(accessKeyId: string, days: number): Promise<void> {
  const res = await fetch(`${E2E_STACK.iamUrl}/_local/backdate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-local-iam-admin-secret': E2E_STACK.adminSecretAccessKey },
    body: JSON.stringify({ accessKeyId, days }),
  });
  if (!res.ok) throw new Error(`backdate answered ${res.status}: ${await res.text()}`);
}
