import 'server-only';
import { AppError } from '@/lib/app-error';
import { audited } from '@/lib/audit';
import type { LinkedPerson } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import * as iam from '@/lib/iam/access-keys';
import { asPerson } from '@/lib/iam/on-behalf';
import type { AccessKeyList, AccessKeyView, NewAccessKey } from './access-key-schema';
import { ACCESS_KEYS_PER_USER, DUE_SOON_DAYS, ageInDays, rotationState } from './key-rotation';
import { KEY_CREATION_ATTEMPT_LIMIT, KEY_CREATION_LIMIT } from './rate-limit';
import { selfServiceEntry, type SelfServiceRequest } from './self-service-audit';

/**
 * Self-service access keys. Every function acts on the signed-in person's own IAM user,
 * taken from their server-side session, never from the request, and makes its IAM calls on
 * that person's behalf (in role mode: their role session, which IAM confines to that user).
 */

function toView(key: iam.AccessKey, lastUsed: iam.AccessKeyLastUsed | null, description: string | null, now: Date): AccessKeyView {
  const ageDays = ageInDays(key.createDate, now);
  return {
    accessKeyId: key.accessKeyId,
    description,
    status: key.status,
    createDate: key.createDate.toISOString(),
    ageDays,
    lastUsed: lastUsed
      ? { date: lastUsed.date.toISOString(), serviceName: lastUsed.serviceName, region: lastUsed.region }
      : null,
    rotation: rotationState(ageDays, config().KEY_ROTATION_DAYS),
  };
}

/** One ListAccessKeys and one ListUserTags (the keys' names), then one GetAccessKeyLastUsed per key, in parallel. */
export async function listMyAccessKeys(person: LinkedPerson): Promise<AccessKeyList> {
  return asPerson(person.iamUserName, () => listKeys(person));
}

async function listKeys(person: LinkedPerson): Promise<AccessKeyList> {
  const [keys, names] = await Promise.all([iam.listAccessKeys(person.iamUserName), iam.listAccessKeyNames(person.iamUserName)]);
  const lastUsed = await Promise.all(keys.map((key) => iam.getAccessKeyLastUsed(key.accessKeyId)));
  const now = new Date();
  return {
    keys: keys.map((key, i) => toView(key, lastUsed[i] ?? null, names.get(key.accessKeyId.toUpperCase()) ?? null, now)),
    quota: ACCESS_KEYS_PER_USER,
    rotationDays: config().KEY_ROTATION_DAYS,
    dueSoonDays: DUE_SOON_DAYS,
  };
}

async function findMyKey(person: LinkedPerson, accessKeyId: string): Promise<iam.AccessKey> {
  const key = (await iam.listAccessKeys(person.iamUserName)).find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw new AppError('not-found');
  return key;
}

/**
 * A new key, with its name if one was given (part of the same audited change). The key and
 * its secret matter more than the name: when the name cannot be saved, the key is still
 * answered, saying so (`descriptionError`), and the name can be added later.
 */
export async function createMyAccessKey(person: LinkedPerson, request: SelfServiceRequest, description?: string): Promise<NewAccessKey> {
  return asPerson(person.iamUserName, () => audited(
    selfServiceEntry(person, request, 'access-key.create'),
    async () => {
      const key = await createKeyReconciled(person.iamUserName, request.requestId);
      const created = { ...key, createDate: key.createDate.toISOString(), description: null };
      if (!description) return created;
      try {
        await iam.setAccessKeyName(person.iamUserName, key.accessKeyId, description);
        return { ...created, description };
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'internal';
        log.warn({ type: 'key-name', requestId: request.requestId, accessKeyId: key.accessKeyId, code }, 'the new key was made but its name could not be saved');
        return { ...created, descriptionError: code };
      }
    },
    { rateLimits: [KEY_CREATION_LIMIT, KEY_CREATION_ATTEMPT_LIMIT], keyName: (created) => created.description },
  ));
}

/** Names (or, with "", un-names) one of the person's own keys: audited as access-key.rename. */
export async function renameMyAccessKey(person: LinkedPerson, request: SelfServiceRequest, accessKeyId: string, description: string): Promise<AccessKeyView> {
  return asPerson(person.iamUserName, () => audited(selfServiceEntry(person, request, 'access-key.rename', accessKeyId), async () => {
    // Only a key IAM lists for this person gets a name, under its ID as IAM spells it.
    const key = await findMyKey(person, accessKeyId);
    if (description) await iam.setAccessKeyName(person.iamUserName, key.accessKeyId, description);
    else await iam.removeAccessKeyName(person.iamUserName, key.accessKeyId);
    return toView(key, await iam.getAccessKeyLastUsed(key.accessKeyId), description || null, new Date());
  }, { keyName: (view) => view.description }));
}

/** One retry after an answer was lost; more would only pile up work for a struggling IAM. */
const CREATE_ATTEMPTS = 2;

/**
 * CreateAccessKey is not safe to retry blindly: when the answer is lost (connection dropped,
 * timeout, a 5xx) IAM may still have made the key, and its secret is gone for good. So after
 * such a failure, list the keys: one that appeared since is an orphan nobody can ever use,
 * and it is deleted before trying again, so the person never ends up with a key too many.
 */
async function createKeyReconciled(userName: string, requestId: string): Promise<iam.NewAccessKey> {
  const before = new Set((await iam.listAccessKeys(userName)).map((k) => k.accessKeyId));
  for (let attempt = 1; ; attempt++) {
    const startedAt = Date.now();
    try {
      return await iam.createAccessKey(userName);
    } catch (error) {
      // Throttling and refusals are definite answers: IAM made nothing.
      if (!(error instanceof AppError) || error.code !== 'iam-unavailable') throw error;
      const orphans = (await iam.listAccessKeys(userName)).filter(
        // A few seconds of slack for clock differences between Kagi and IAM.
        (k) => !before.has(k.accessKeyId) && k.createDate.getTime() >= startedAt - 5_000,
      );
      for (const orphan of orphans) {
        await iam.deleteAccessKey(userName, orphan.accessKeyId);
        log.warn({ type: 'reconciled', requestId, userName, accessKeyId: orphan.accessKeyId }, 'deleted an access key created but whose answer was lost');
      }
      if (attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}

export async function setMyAccessKeyStatus(
  person: LinkedPerson,
  request: SelfServiceRequest,
  accessKeyId: string,
  status: iam.AccessKeyStatus,
): Promise<AccessKeyView> {
  const action = status === 'Active' ? 'access-key.activate' : 'access-key.deactivate';
  return asPerson(person.iamUserName, () => audited(selfServiceEntry(person, request, action, accessKeyId), async () => {
    // IAM scopes the call by user name, so another person's key is simply not found.
    await iam.setAccessKeyStatus(person.iamUserName, accessKeyId, status);
    const [key, names] = await Promise.all([findMyKey(person, accessKeyId), iam.listAccessKeyNames(person.iamUserName)]);
    return toView(key, await iam.getAccessKeyLastUsed(accessKeyId), names.get(key.accessKeyId.toUpperCase()) ?? null, new Date());
  }, { keyName: (view) => view.description }));
}

/** Only an inactive key may be deleted, as in the AWS console: deactivating first is the safe test. */
export async function deleteMyAccessKey(person: LinkedPerson, request: SelfServiceRequest, accessKeyId: string): Promise<void> {
  await asPerson(person.iamUserName, () => audited(selfServiceEntry(person, request, 'access-key.delete', accessKeyId), async () => {
    const key = await findMyKey(person, accessKeyId);
    if (key.status === 'Active') throw new AppError('access-key-active');
    const name = await nameOfKey(person.iamUserName, accessKeyId, request.requestId);
    await iam.deleteAccessKey(person.iamUserName, accessKeyId);
    await removeNameOfDeletedKey(person.iamUserName, accessKeyId, request.requestId);
    return name;
  }, { keyName: (name) => name }));
}

/**
 * A key's name, for the audit entry and the notice of a change to it; null when it has none
 * or the names cannot be read (that costs only the name in the notice, never the change).
 */
export async function nameOfKey(userName: string, accessKeyId: string, requestId: string): Promise<string | null> {
  try {
    return (await iam.listAccessKeyNames(userName)).get(accessKeyId.toUpperCase()) ?? null;
  } catch (error) {
    log.warn({ type: 'key-name', requestId, accessKeyId, code: error instanceof AppError ? error.code : 'internal' }, 'the key’s name could not be read');
    return null;
  }
}

/**
 * A deleted key's name goes with it. The key is gone whatever happens here, so a failure only
 * leaves a tag behind, which no list shows (names are looked up by the keys IAM lists).
 */
export async function removeNameOfDeletedKey(userName: string, accessKeyId: string, requestId: string): Promise<void> {
  try {
    await iam.removeAccessKeyName(userName, accessKeyId);
  } catch (error) {
    log.warn({ type: 'key-name', requestId, accessKeyId, code: error instanceof AppError ? error.code : 'internal' }, 'the deleted key’s name could not be removed');
  }
}
