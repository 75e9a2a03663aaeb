'use client';

import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  mfaDeviceListSchema,
  mfaDeviceViewSchema,
  newMfaDeviceSchema,
  type MfaDeviceList,
  type MfaDeviceView,
  type NewMfaDevice,
} from '@/lib/credentials/mfa-shapes';
import { accountKey, withAccount, type AccountId } from './account';
import { useAccountId } from './account-context';
import { accountActivityQueryKey } from './activity-key';
import { jsonBody, requestApi, requestJson } from './request-json';

export const mfaDevicesQueryKey = ['me', 'mfa-devices'] as const;

/** One account's devices. */
export function accountMfaQueryKey(account: AccountId) {
  return [...mfaDevicesQueryKey, accountKey(account)] as const;
}

export function mfaDevicesQueryOptions(account: AccountId) {
  return queryOptions({
    queryKey: accountMfaQueryKey(account),
    queryFn: ({ signal }) => requestJson(withAccount('/api/me/mfa-devices', account), mfaDeviceListSchema, { signal }),
  });
}

const devicePath = (account: AccountId, name: string, then = '') => withAccount(`/api/me/mfa-devices/${encodeURIComponent(name)}${then}`, account);

/** The one call whose answer holds the seed: kept in component state only, never in a cache. */
function startEnrolment(account: AccountId, label: string): Promise<NewMfaDevice> {
  return requestJson(withAccount('/api/me/mfa-devices', account), newMfaDeviceSchema, { method: 'POST', ...jsonBody({ name: label }) });
}

type Codes = { name: string; code1: string; code2: string };

function enableDevice(account: AccountId, { name, code1, code2 }: Codes): Promise<MfaDeviceView> {
  return requestJson(devicePath(account, name), mfaDeviceViewSchema, { method: 'PUT', ...jsonBody({ code1, code2 }) });
}

function resyncDevice(account: AccountId, { name, code1, code2 }: Codes): Promise<MfaDeviceView> {
  return requestJson(devicePath(account, name, '/resync'), mfaDeviceViewSchema, { method: 'POST', ...jsonBody({ code1, code2 }) });
}

/** Removes a device in use, or cancels an unfinished set-up (the server tells which it is). */
async function deleteDevice(account: AccountId, name: string): Promise<void> {
  await requestApi(devicePath(account, name), { method: 'DELETE' });
}

// Every hook here acts in the account the page shows (AccountScope) and refreshes only its lists.
function refresh(queryClient: QueryClient, account: AccountId): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: accountMfaQueryKey(account) }),
    queryClient.invalidateQueries({ queryKey: accountActivityQueryKey(account) }),
  ]);
}

/** gcTime 0 and an immediate reset() by the caller: the seed leaves the mutation cache at once. */
export function useStartMfaEnrolment() {
  const account = useAccountId();
  return useMutation({ mutationKey: ['me', 'mfa-devices', 'start'], mutationFn: (label: string) => startEnrolment(account, label), gcTime: 0 });
}

export function useEnableMfaDevice() {
  const queryClient = useQueryClient();
  const account = useAccountId();
  return useMutation({ mutationFn: (codes: Codes) => enableDevice(account, codes), gcTime: 0, onSuccess: () => refresh(queryClient, account) });
}

export function useResyncMfaDevice() {
  const queryClient = useQueryClient();
  const account = useAccountId();
  return useMutation({ mutationFn: (codes: Codes) => resyncDevice(account, codes), gcTime: 0, onSettled: () => refresh(queryClient, account) });
}

export function useDeleteMfaDevice() {
  const queryClient = useQueryClient();
  const account = useAccountId();
  return useMutation({
    mutationFn: (name: string) => deleteDevice(account, name),
    onSuccess: (_data, name) => {
      queryClient.setQueryData<MfaDeviceList>(accountMfaQueryKey(account), (list) => list && { ...list, devices: list.devices.filter((d) => d.name !== name) });
    },
    onSettled: () => refresh(queryClient, account),
  });
}

/**
 * Cancels a set-up when the dialog closes. `keepalive` lets the request outlive the page, so
 * closing the tab mid-way still asks Kagi to delete the unused device (the sweep is the net).
 */
export function cancelEnrolment(account: AccountId, name: string): void {
  void fetch(devicePath(account, name), { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => {});
}
