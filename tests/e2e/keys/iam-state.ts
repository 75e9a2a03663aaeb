import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand, ListUserTagsCommand, TagUserCommand, UntagUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { E2E_STACK, adminIam } from '../stack';

/** What IAM itself says about a user's keys, read behind the portal's back. */
export async function keysInIam(userName: string): Promise<{ id: string; status: string }[]> {
  const res = await adminIam().send(new ListAccessKeysCommand({ UserName: userName }));
  return (res.AccessKeyMetadata ?? []).map((key) => ({ id: key.AccessKeyId ?? '', status: key.Status ?? '' })).sort((a, b) => a.id.localeCompare(b.id));
}

/** Deletes the user's keys and their names (tags), as a fresh start for a test. */
export async function deleteAllKeys(userName: string): Promise<void> {
  for (const key of await keysInIam(userName)) {
    await adminIam().send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.id }));
  }
  const tags = (await tagsInIam(userName)).map((t) => t.Key);
  if (tags.length > 0) await adminIam().send(new UntagUserCommand({ UserName: userName, TagKeys: tags }));
}

/** The user's IAM tags: a key's name is the tag whose key is the access key ID. */
export async function tagsInIam(userName: string): Promise<{ Key: string; Value: string }[]> {
  const res = await adminIam().send(new ListUserTagsCommand({ UserName: userName }));
  return (res.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
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

/** A key made directly in IAM with its secret and, if given, a name (the tag the console would write). */
export async function createNamedKeyInIam(userName: string, name?: string): Promise<{ id: string; secret: string }> {
  const res = await adminIam().send(new CreateAccessKeyCommand({ UserName: userName }));
  const id = res.AccessKey?.AccessKeyId ?? '';
  if (name) await adminIam().send(new TagUserCommand({ UserName: userName, Tags: [{ Key: id, Value: name }] }));
  return { id, secret: res.AccessKey?.SecretAccessKey ?? '' };
}

/** Signs one request with the key, as a program using it would; IAM then records the key's last use. */
export async function useKey(key: { id: string; secret: string }, region: string): Promise<void> {
  const sts = new STSClient({ endpoint: E2E_STACK.iamUrl, region, maxAttempts: 1, credentials: { accessKeyId: key.id, secretAccessKey: key.secret } });
  await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
}
