import 'server-only';
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { iamForIdempotentWrites, iamForReads, iamForWrites } from './client';
import { callIam, toAppError } from './errors';
import { listUserTags } from './users';

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKey {
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: Date;
}

export interface NewAccessKey extends AccessKey {
  /** Exists only in the one response that shows it to its owner. */
  secretAccessKey: string;
}

export interface AccessKeyLastUsed {
  date: Date;
  serviceName: string;
  region: string;
}

/** The user's access keys (IAM allows two, so one page always holds them all). */
export async function listAccessKeys(userName: string): Promise<AccessKey[]> {
  const keys: AccessKey[] = [];
  let marker: string | undefined;
  do {
    const page = await callIam(() =>
      iamForReads().send(new ListAccessKeysCommand({ UserName: userName, Marker: marker })),
    );
    for (const key of page.AccessKeyMetadata ?? []) {
      if (!key.AccessKeyId || !key.CreateDate) continue;
      keys.push({
        accessKeyId: key.AccessKeyId,
        status: key.Status === 'Inactive' ? 'Inactive' : 'Active',
        createDate: key.CreateDate,
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return keys;
}

export async function createAccessKey(userName: string): Promise<NewAccessKey> {
  const { AccessKey: key } = await callIam(() =>
    iamForWrites().send(new CreateAccessKeyCommand({ UserName: userName })),
  );
  if (!key?.AccessKeyId || !key.SecretAccessKey || !key.CreateDate) {
    throw new Error('IAM answered CreateAccessKey without a key');
  }
  return {
    accessKeyId: key.AccessKeyId,
    secretAccessKey: key.SecretAccessKey,
    status: key.Status === 'Inactive' ? 'Inactive' : 'Active',
    createDate: key.CreateDate,
  };
}

export async function setAccessKeyStatus(
  userName: string,
  accessKeyId: string,
  status: AccessKeyStatus,
): Promise<void> {
  await callIam(() =>
    iamForIdempotentWrites().send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status })),
  );
}

export async function deleteAccessKey(userName: string, accessKeyId: string): Promise<void> {
  try {
    await iamForIdempotentWrites().send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
  } catch (error) {
    // A retry after a lost answer finds the key gone: the attempt before it deleted it.
    if (isNoSuchEntity(error) && attemptsOf(error) > 1) return;
    throw toAppError(error);
  }
}

function isNoSuchEntity(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NoSuchEntity' || error.name === 'NoSuchEntityException');
}

function attemptsOf(error: unknown): number {
  const metadata = (error as { $metadata?: { attempts?: number } }).$metadata;
  return metadata?.attempts ?? 1;
}

/** When and where the key last signed a request; null if it never has. */
export async function getAccessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | null> {
  const { AccessKeyLastUsed: used } = await callIam(() =>
    iamForReads().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })),
  );
  if (!used?.LastUsedDate) return null;
  return { date: used.LastUsedDate, serviceName: used.ServiceName ?? 'N/A', region: used.Region ?? 'N/A' };
}

/**
 * Key names, stored as the AWS console stores a key's "description tag": a tag on the IAM
 * user whose key is the access key ID and whose value is the name. Returns ID → name for the
 * user's tags that look like access key IDs (other tags are none of Kagi's business).
 */
export async function listAccessKeyNames(userName: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const [key, value] of await listUserTags(userName)) {
    if (ACCESS_KEY_ID_TAG.test(key) && value) names.set(key.toUpperCase(), value);
  }
  return names;
}

/** What an access key ID looks like (and so which tag keys Kagi's policy lets it write). */
const ACCESS_KEY_ID_TAG = /^AKIA[A-Z0-9]{16}$/i;

/** Sets the key's name (TagUser replaces a tag with the same key, so this is idempotent). */
export async function setAccessKeyName(userName: string, accessKeyId: string, name: string): Promise<void> {
  await callIam(() =>
    iamForIdempotentWrites().send(new TagUserCommand({ UserName: userName, Tags: [{ Key: accessKeyId, Value: name }] })),
    // IAM's LimitExceeded here is its 50 tags per user, not the two keys.
    { 'access-key-quota': 'invalid-input' },
  );
}

/** Removes the key's name; removing a tag that is not there is not an error in IAM. */
export async function removeAccessKeyName(userName: string, accessKeyId: string): Promise<void> {
  await callIam(() => iamForIdempotentWrites().send(new UntagUserCommand({ UserName: userName, TagKeys: [accessKeyId] })));
}
