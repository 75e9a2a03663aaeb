import { queryOptions } from '@tanstack/react-query';
import {
  accessKeyListSchema,
  accessKeyViewSchema,
  newAccessKeySchema,
  type AccessKeyView,
  type NewAccessKey,
} from '@/lib/credentials/access-key-shapes';
import { inBackground, jsonBody, requestApi, requestJson } from './request-json';

/** Query keys for the signed-in person's own data; mutations invalidate by these prefixes. */
export const accessKeysQueryKey = ['me', 'access-keys'] as const;

export function fetchAccessKeys(signal?: AbortSignal) {
  return requestJson('/api/me/access-keys', accessKeyListSchema, { signal });
}

export function accessKeysQueryOptions() {
  return queryOptions({ queryKey: accessKeysQueryKey, queryFn: ({ signal }) => fetchAccessKeys(signal) });
}

/**
 * The one call whose answer holds a secret. Callers keep the result in component state only,
 * never in a query cache (see useCreateAccessKey).
 */
export function createAccessKey({ description }: { description?: string } = {}): Promise<NewAccessKey> {
  return requestJson('/api/me/access-keys', newAccessKeySchema, { method: 'POST', ...jsonBody(description ? { description } : {}) });
}

/** Names a key, or with "" takes its name away. */
export function renameAccessKey({ accessKeyId, description }: { accessKeyId: string; description: string }): Promise<AccessKeyView> {
  return requestJson(`/api/me/access-keys/${encodeURIComponent(accessKeyId)}`, accessKeyViewSchema, {
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
export function firstUseQueryOptions(accessKeyId: string) {
  return queryOptions({
    queryKey: [...accessKeysQueryKey, 'first-use', accessKeyId] as const,
    queryFn: async ({ signal }) => {
      const list = await requestJson('/api/me/access-keys', accessKeyListSchema, inBackground({ signal }));
      return list.keys.find((key) => key.accessKeyId === accessKeyId) ?? null;
    },
    refetchInterval: (query) => (query.state.data?.lastUsed || query.state.data === null ? false : FIRST_USE_POLL_MS),
  });
}

export function setAccessKeyStatus({ accessKeyId, status }: { accessKeyId: string; status: AccessKeyView['status'] }): Promise<AccessKeyView> {
  return requestJson(`/api/me/access-keys/${encodeURIComponent(accessKeyId)}`, accessKeyViewSchema, {
    method: 'PATCH',
    ...jsonBody({ status }),
  });
}

export async function deleteAccessKey(accessKeyId: string): Promise<void> {
  await requestApi(`/api/me/access-keys/${encodeURIComponent(accessKeyId)}`, { method: 'DELETE' });
}
