'use client';

import { useMutation, useMutationState, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AccessKeyList, AccessKeyView } from '@/lib/credentials/access-key-shapes';
import type { AccountId } from './account';
import { useAccountId } from './account-context';
import { accountKeysQueryKey, createAccessKey, deleteAccessKey, renameAccessKey, setAccessKeyStatus } from './access-keys';
import { accountActivityQueryKey } from './activity-key';

// Every hook here acts in the account the page shows (AccountScope) and refreshes only its lists.
function refreshAfterChange(queryClient: QueryClient, account: AccountId): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: accountKeysQueryKey(account) }),
    queryClient.invalidateQueries({ queryKey: accountActivityQueryKey(account) }),
  ]);
}

/**
 * Creating a key. The answer carries the secret, so: no query cache is touched with it,
 * gcTime 0 makes the mutation cache drop it as soon as the caller calls `reset()` (which it
 * does the moment it has copied the key into its own state), and the list is refreshed only
 * once the person has closed the secret (see `refreshAccessKeys`).
 */
export function useCreateAccessKey() {
  const account = useAccountId();
  return useMutation({
    mutationKey: ['me', 'access-keys', 'create'],
    mutationFn: ({ description }: { description?: string } = {}) => createAccessKey({ account, description }),
    gcTime: 0,
  });
}

export function useRefreshAccessKeys(): () => Promise<unknown> {
  const queryClient = useQueryClient();
  const account = useAccountId();
  return () => refreshAfterChange(queryClient, account);
}

const statusMutationKey = ['me', 'access-keys', 'status'] as const;

/** Turns a key off or on at once in the list (optimistic), and puts it back if IAM says no. */
export function useSetAccessKeyStatus() {
  const queryClient = useQueryClient();
  const account = useAccountId();
  const listKey = accountKeysQueryKey(account);
  return useMutation({
    mutationKey: statusMutationKey,
    mutationFn: ({ accessKeyId, status }: { accessKeyId: string; status: AccessKeyView['status'] }) => setAccessKeyStatus({ account, accessKeyId, status }),
    onMutate: async ({ accessKeyId, status }) => {
      await queryClient.cancelQueries({ queryKey: listKey });
      const previous = queryClient.getQueryData<AccessKeyList>(listKey);
      queryClient.setQueryData<AccessKeyList>(listKey, (list) =>
        list && { ...list, keys: list.keys.map((key) => (key.accessKeyId === accessKeyId ? { ...key, status } : key)) },
      );
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(listKey, context.previous);
    },
    onSettled: () => refreshAfterChange(queryClient, account),
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
  const account = useAccountId();
  return useMutation({
    mutationFn: (accessKeyId: string) => deleteAccessKey({ account, accessKeyId }),
    onSuccess: (_data, accessKeyId) => {
      queryClient.setQueryData<AccessKeyList>(accountKeysQueryKey(account), (list) =>
        list && { ...list, keys: list.keys.filter((key: AccessKeyView) => key.accessKeyId !== accessKeyId) },
      );
    },
    onSettled: () => refreshAfterChange(queryClient, account),
  });
}

/** Names or renames a key; the list shows the new name as soon as IAM has it. */
export function useRenameAccessKey() {
  const queryClient = useQueryClient();
  const account = useAccountId();
  return useMutation({
    mutationFn: ({ accessKeyId, description }: { accessKeyId: string; description: string }) => renameAccessKey({ account, accessKeyId, description }),
    onSuccess: (view) => {
      queryClient.setQueryData<AccessKeyList>(accountKeysQueryKey(account), (list) =>
        list && { ...list, keys: list.keys.map((key) => (key.accessKeyId === view.accessKeyId ? { ...key, description: view.description } : key)) },
      );
    },
    onSettled: () => refreshAfterChange(queryClient, account),
  });
}
