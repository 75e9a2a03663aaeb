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
import { activityQueryKey } from './activity-key';
import { jsonBody, requestApi, requestJson } from './request-json';

export const mfaDevicesQueryKey = ['me', 'mfa-devices'] as const;

export function mfaDevicesQueryOptions() {
  return queryOptions({
    queryKey: mfaDevicesQueryKey,
    queryFn: ({ signal }) => requestJson('/api/me/mfa-devices', mfaDeviceListSchema, { signal }),
  });
}

const devicePath = (name: string) => `/api/me/mfa-devices/${encodeURIComponent(name)}`;

/** The one call whose answer holds the seed: kept in component state only, never in a cache. */
function startEnrolment(label: string): Promise<NewMfaDevice> {
  return requestJson('/api/me/mfa-devices', newMfaDeviceSchema, { method: 'POST', ...jsonBody({ name: label }) });
}

type Codes = { name: string; code1: string; code2: string };

function enableDevice({ name, code1, code2 }: Codes): Promise<MfaDeviceView> {
  return requestJson(devicePath(name), mfaDeviceViewSchema, { method: 'PUT', ...jsonBody({ code1, code2 }) });
}

function resyncDevice({ name, code1, code2 }: Codes): Promise<MfaDeviceView> {
  return requestJson(`${devicePath(name)}/resync`, mfaDeviceViewSchema, { method: 'POST', ...jsonBody({ code1, code2 }) });
}

/** Removes a device in use, or cancels an unfinished set-up (the server tells which it is). */
async function deleteDevice(name: string): Promise<void> {
  await requestApi(devicePath(name), { method: 'DELETE' });
}

function refresh(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: mfaDevicesQueryKey }),
    queryClient.invalidateQueries({ queryKey: activityQueryKey }),
  ]);
}

/** gcTime 0 and an immediate reset() by the caller: the seed leaves the mutation cache at once. */
export function useStartMfaEnrolment() {
  return useMutation({ mutationKey: ['me', 'mfa-devices', 'start'], mutationFn: startEnrolment, gcTime: 0 });
}

export function useEnableMfaDevice() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: enableDevice, gcTime: 0, onSuccess: () => refresh(queryClient) });
}

export function useResyncMfaDevice() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: resyncDevice, gcTime: 0, onSettled: () => refresh(queryClient) });
}

export function useDeleteMfaDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteDevice,
    onSuccess: (_data, name) => {
      queryClient.setQueryData<MfaDeviceList>(mfaDevicesQueryKey, (list) => list && { ...list, devices: list.devices.filter((d) => d.name !== name) });
    },
    onSettled: () => refresh(queryClient),
  });
}

/**
 * Cancels a set-up when the dialog closes. `keepalive` lets the request outlive the page, so
 * closing the tab mid-way still asks Kagi to delete the unused device (the sweep is the net).
 */
export function cancelEnrolment(name: string): void {
  void fetch(devicePath(name), { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => {});
}
