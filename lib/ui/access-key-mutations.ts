'use client';

import { useMutation, useMutationState, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AccessKeyList, AccessKeyView } from '@/lib/credentials/access-key-shapes';
import { accessKeysQueryKey, createAccessKey, deleteAccessKey, renameAccessKey, setAccessKeyStatus } from './access-keys';
import { activityQueryKey } from './activity-key';

function refreshAfterChange(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: accessKeysQueryKey }),
    queryClient.invalidateQueries({ queryKey: activityQueryKey }),
  ]);
}

/**
 * Creating a key. The answer carries the secret, so: no query cache is touched with it,
 * gcTime 0 makes the mutation cache drop it as soon as the caller calls `reset()` (which it
 * does the moment it has copied the key into its own state), and the list is refreshed only
 * once the person has closed the secret (see `refreshAccessKeys`).
 */
export function useCreateAccessKey() {
  return useMutation({ mutationKey: ['me', 'access-keys', 'create'], mutationFn: createAccessKey, gcTime: 0 });
}

export function useRefreshAccessKeys(): () => Promise<unknown> {
  const queryClient = useQueryClient();
  return () => refreshAfterChange(queryClient);
}

const statusMutationKey = ['me', 'access-keys', 'status'] as const;

/** Turns a key off or on at once in the list (optimistic), and puts it back if IAM says no. */
export function useSetAccessKeyStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: statusMutationKey,
    mutationFn: setAccessKeyStatus,
    onMutate: async ({ accessKeyId, status }) => {
      await queryClient.cancelQueries({ queryKey: accessKeysQueryKey });
      const previous = queryClient.getQueryData<AccessKeyList>(accessKeysQueryKey);
      queryClient.setQueryData<AccessKeyList>(accessKeysQueryKey, (list) =>
        list && { ...list, keys: list.keys.map((key) => (key.accessKeyId === accessKeyId ? { ...key, status } : key)) },
      );
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(accessKeysQueryKey, context.previous);
    },
    onSettled: () => refreshAfterChange(queryClient),
  });
}

/** IDs of keys whose status change is still on its way to IAM. */
export function usePendingStatusKeyIds(): string[] {
  return useMutationState({
    filters: { mutationKey: statusMutationKey, status: 'pending' },
    select: (mutation) => (mutation.state.variables as { accessKeyId: string } | undefined)?.accessKeyId ?? '',
  });
}

export function useDeleteAccessKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAccessKey,
    onSuccess: (_data, accessKeyId) => {
      queryClient.setQueryData<AccessKeyList>(accessKeysQueryKey, (list) =>
        list && { ...list, keys: list.keys.filter((key: AccessKeyView) => key.accessKeyId !== accessKeyId) },
      );
    },
    onSettled: () => refreshAfterChange(queryClient),
  });
}

/** Names or renames a key; the list shows the new name as soon as IAM has it. */
export function useRenameAccessKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: renameAccessKey,
    onSuccess: (view) => {
      queryClient.setQueryData<AccessKeyList>(accessKeysQueryKey, (list) =>
        list && { ...list, keys: list.keys.map((key) => (key.accessKeyId === view.accessKeyId ? { ...key, description: view.description } : key)) },
      );
    },
    onSettled: () => refreshAfterChange(queryClient),
  });
}
