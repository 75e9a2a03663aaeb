import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { Secret, TOTP } from 'otpauth';
import { adminIam, E2E_STACK } from '../stack';

/** The code an authenticator app with this seed shows `stepsFromNow` 30-second steps after `at`. */
export function totpCode(seed: string, stepsFromNow = 0, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at + stepsFromNow * 30_000 });
}

/** The code shown now and the next one, as a person types them one after the other. */
export function consecutiveCodes(seed: string, stepsFromNow = 0): [string, string] {
  const at = Date.now();
  return [totpCode(seed, stepsFromNow, at), totpCode(seed, stepsFromNow + 1, at)];
}

/** Serial numbers of the devices IAM says the user has in use. */
export async function mfaDevicesInIam(userName: string): Promise<string[]> {
  const { MFADevices = [] } = await adminIam().send(new ListMFADevicesCommand({ UserName: userName }));
  return MFADevices.map((d) => d.SerialNumber ?? '');
}

/** Serial numbers of every virtual device in the account, with that assignment. */
export async function virtualDevicesInIam(status: 'Assigned' | 'Unassigned' | 'Any' = 'Any'): Promise<string[]> {
  const { VirtualMFADevices = [] } = await adminIam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: status }));
  return VirtualMFADevices.map((d) => d.SerialNumber ?? '');
}

/** Leaves the user with no MFA device, and the account with none of the user's virtual devices. */
export async function removeAllMfa(userName: string): Promise<void> {
  const iam = adminIam();
  for (const serial of await mfaDevicesInIam(userName)) await iam.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serial }));
  for (const serial of await virtualDevicesInIam('Unassigned')) {
    if (serial.includes(`/${userName}-`)) await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
  }
}

/** An authenticator app as Kagi sets one up (its name and path), made directly in IAM to save the steps. */
export async function addAppInIam(userName: string, label: string): Promise<{ serial: string; seed: string }> {
  const iam = adminIam();
  const { VirtualMFADevice } = await iam.send(
    new CreateVirtualMFADeviceCommand({
      VirtualMFADeviceName: `${userName}-${Date.now().toString(36)}`,
      Path: `/staff/${userName}/`,
      Tags: [{ Key: 'kagi:label', Value: label }],
    }),
  );
  const serial = VirtualMFADevice!.SerialNumber!;
  const seed = new TextDecoder().decode(VirtualMFADevice!.Base32StringSeed);
  const [code1, code2] = consecutiveCodes(seed);
  await iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
  return { serial, seed };
}

/** Assigns a security key or hardware token (IAM's API cannot register them; the local endpoint's test control). */
export async function seedMfaDeviceInIam(userName: string, serialNumber: string): Promise<void> {
  const res = await fetch(`${E2E_STACK.iamUrl}/_local/mfa-devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-local-iam-admin-secret': E2E_STACK.adminSecretAccessKey },
    body: JSON.stringify({ userName, serialNumber }),
  });
  if (!res.ok) throw new Error(`seeding an MFA device answered ${res.status}: ${await res.text()}`);
}
