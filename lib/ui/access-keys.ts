import { queryOptions } from '@tanstack/react-query';
import {
  accessKeyListSchema,
  accessKeyViewSchema,
  newAccessKeySchema,
  type AccessKeyView,
  type NewAccessKey,
} from '@/lib/credentials/access-key-shapes';
import { jsonBody, requestApi, requestJson } from './request-json';

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
export function createAccessKey(): Promise<NewAccessKey> {
  return requestJson('/api/me/access-keys', newAccessKeySchema, { method: 'POST', ...jsonBody({}) });
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
