import 'server-only';
import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ResyncMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { AppError } from '@/lib/app-error';
import { iamForIdempotentWrites, iamForReads, iamForWrites } from './client';
import { callIam, toAppError } from './errors';

/** A device assigned to a user: an authenticator app, a security key or a hardware token. */
export interface MfaDevice {
  serialNumber: string;
  enableDate: Date;
}

export interface Tag {
  key: string;
  value: string;
}

export async function listMfaDevices(userName: string): Promise<MfaDevice[]> {
  const devices: MfaDevice[] = [];
  let marker: string | undefined;
  do {
    const page = await callIam(() => iamForReads().send(new ListMFADevicesCommand({ UserName: userName, Marker: marker })));
    for (const d of page.MFADevices ?? []) devices.push({ serialNumber: d.SerialNumber ?? '', enableDate: d.EnableDate ?? new Date(0) });
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return devices;
}

/**
 * A new virtual device. The seed is returned to the caller, who hands it to the person and
 * forgets it; nothing here keeps it. Tried once: a retried create would make a second device.
 */
export async function createVirtualMfaDevice(options: { name: string; path: string; tags: Tag[] }): Promise<{ serialNumber: string; seed: string }> {
  const { VirtualMFADevice } = await callIam(() =>
    iamForWrites().send(
      new CreateVirtualMFADeviceCommand({
        VirtualMFADeviceName: options.name,
        Path: options.path,
        Tags: options.tags.map((t) => ({ Key: t.key, Value: t.value })),
      }),
    ),
  );
  const seed = VirtualMFADevice?.Base32StringSeed;
  if (!VirtualMFADevice?.SerialNumber || !seed) throw new AppError('iam-unavailable', { detail: 'IAM answered without the new device.' });
  return { serialNumber: VirtualMFADevice.SerialNumber, seed: new TextDecoder().decode(seed) };
}

/** Tried once: the codes are single-use in spirit, and a repeat after a lost answer would say "already in use". */
export async function enableMfaDevice(userName: string, serialNumber: string, code1: string, code2: string): Promise<void> {
  await callIam(() =>
    iamForWrites().send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 })),
    { 'access-key-quota': 'mfa-device-quota' },
  );
}

export async function resyncMfaDevice(userName: string, serialNumber: string, code1: string, code2: string): Promise<void> {
  await callIam(() =>
    iamForWrites().send(new ResyncMFADeviceCommand({ UserName: userName, SerialNumber: serialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 })),
  );
}

/** Ends the device's assignment; a repeat after a lost answer finds nothing, so not-found counts as done. */
export async function deactivateMfaDevice(userName: string, serialNumber: string): Promise<void> {
  try {
    await callIam(() => iamForIdempotentWrites().send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serialNumber })));
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'not-found')) throw error;
  }
}

/**
 * Deletes an unassigned virtual device: 'deleted', 'gone' (there was none; a repeat after a
 * lost answer ends here too), or 'in-use' (IAM refuses while the device is assigned).
 */
export async function deleteVirtualMfaDevice(serialNumber: string): Promise<'deleted' | 'gone' | 'in-use'> {
  try {
    await iamForIdempotentWrites().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }));
    return 'deleted';
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'DeleteConflictException' || name === 'DeleteConflict') return 'in-use';
    const mapped = toAppError(error);
    if (mapped.code === 'not-found') return 'gone';
    throw mapped;
  }
}

export async function listMfaDeviceTags(serialNumber: string): Promise<Tag[]> {
  const { Tags } = await callIam(() => iamForReads().send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber })));
  return (Tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}
