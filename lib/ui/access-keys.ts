import { queryOptions } from '@tanstack/react-query';
import {
  accessKeyListSchema,
  accessKeyViewSchema,
  newAccessKeySchema,
  type AccessKeyView,
  type NewAccessKey,
} from '@/lib/credentials/access-key-shapes';
import { accountKey, withAccount, type AccountId } from './account';
import { inBackground, jsonBody, requestApi, requestJson } from './request-json';

/** Query keys for the signed-in person's own data; mutations invalidate by these prefixes. */
export const accessKeysQueryKey = ['me', 'access-keys'] as const;

/** One account's keys (and, under it, its first-use polls). */
export function accountKeysQueryKey(account: AccountId) {
  return [...accessKeysQueryKey, accountKey(account)] as const;
}

const keysPath = (account: AccountId, accessKeyId?: string) =>
  withAccount(accessKeyId ? `/api/me/access-keys/${encodeURIComponent(accessKeyId)}` : '/api/me/access-keys', account);

export function fetchAccessKeys(account: AccountId, signal?: AbortSignal) {
  return requestJson(keysPath(account), accessKeyListSchema, { signal });
}

export function accessKeysQueryOptions(account: AccountId) {
  return queryOptions({ queryKey: accountKeysQueryKey(account), queryFn: ({ signal }) => fetchAccessKeys(account, signal) });
}

/**
 * The one call whose answer holds a secret. Callers keep the result in component state only,
 * never in a query cache (see useCreateAccessKey).
 */
export function createAccessKey({ account, description }: { account: AccountId; description?: string }): Promise<NewAccessKey> {
  return requestJson(keysPath(account), newAccessKeySchema, { method: 'POST', ...jsonBody(description ? { description } : {}) });
}

/** Names a key, or with "" takes its name away. */
export function renameAccessKey({ account, accessKeyId, description }: { account: AccountId; accessKeyId: string; description: string }): Promise<AccessKeyView> {
  return requestJson(keysPath(account, accessKeyId), accessKeyViewSchema, {
    method: 'PATCH',
    ...jsonBody({ description }),
  });
}

/** How often a page waiting for a new key's first use asks again: IAM's own data lags by minutes anyway. */
export const FIRST_USE_POLL_MS = 15_000;

/**
 * One key, watched until IAM reports its first use. A background poll (it renews no session,
 * and react-query stops it while the tab is hidden); under the list's key prefix, so every
 * change to the keys refreshes it too.
 */
export function firstUseQueryOptions(account: AccountId, accessKeyId: string) {
  return queryOptions({
    queryKey: [...accountKeysQueryKey(account), 'first-use', accessKeyId] as const,
    queryFn: async ({ signal }) => {
      const list = await requestJson(keysPath(account), accessKeyListSchema, inBackground({ signal }));
      return list.keys.find((key) => key.accessKeyId === accessKeyId) ?? null;
    },
    refetchInterval: (query) => (query.state.data?.lastUsed || query.state.data === null ? false : FIRST_USE_POLL_MS),
  });
}

export function setAccessKeyStatus({ account, accessKeyId, status }: { account: AccountId; accessKeyId: string; status: AccessKeyView['status'] }): Promise<AccessKeyView> {
  return requestJson(keysPath(account, accessKeyId), accessKeyViewSchema, {
    method: 'PATCH',
    ...jsonBody({ status }),
  });
}

export async function deleteAccessKey({ account, accessKeyId }: { account: AccountId; accessKeyId: string }): Promise<void> {
  await requestApi(keysPath(account, accessKeyId), { method: 'DELETE' });
}
