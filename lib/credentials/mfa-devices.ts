import 'server-only';
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { AppError } from '@/lib/app-error';
import { audited } from '@/lib/audit';
import type { AuditEntryInput } from '@/lib/audit/types';
import type { LinkedPerson } from '@/lib/auth/session';
import * as iam from '@/lib/iam/mfa-devices';
import { asPerson } from '@/lib/iam/on-behalf';
import { getUser } from '@/lib/iam/users';
import { describeError, log } from '@/lib/log';
import { decodeMfaLabel, encodeMfaLabel, MFA_LABEL_TAG } from './mfa-label';
import { enrolmentOf, enrolmentsOf, forgetEnrolment, isEnrolmentOpen, recordEnrolment } from './mfa-enrolments';
import { mfaDeviceNameOf, mfaKindOf, type MfaDeviceList, type MfaDeviceView, type NewMfaDevice } from './mfa-schema';
import { MFA_ENABLE_LIMIT, MFA_ENROLMENT_LIMIT, MFA_RESYNC_LIMIT } from './rate-limit';
import { selfServiceEntry, type SelfServiceRequest } from './self-service-audit';

/**
 * MFA devices. The self-service functions act on the signed-in person's own IAM user, from
 * their server-side session; `listMfaDevicesOf` and `removeMfaDevice` take a user name for
 * the help desk, which checks whom it may act on first.
 *
 * An authenticator app Kagi sets up is a virtual device named `<iam user>-<8 random
 * characters>` (IAM names are account-wide and allow only [\w+=,.@-]) under the path
 * `<the user's own IAM path><iam user>/` (`mfaDevicePathOf`), so its ARN is
 * `arn:aws:iam::ACCOUNT:mfa<user's path><user>/<name>`: taro at /staff/ gets
 * `mfa/staff/taro/…`, sato at /staff/helpdesk/ gets `mfa/staff/helpdesk/sato/…`. The portal's
 * policy is confined to `mfa/<prefix>…` beside `user/<prefix>…`; in role mode a person's
 * session to their own name's folder under it (`mfa/staff/<user>/…` or `mfa/staff/…/<user>/…`),
 * and the help desk is denied the protected path's devices (`mfa/staff/helpdesk/…`) as it is
 * its users (deploy/role-policy.json). Devices made earlier under `<IAM_USER_PATH_PREFIX><user>/`
 * (the same path for a user directly under the prefix) are still the person's: nothing reads
 * the path back, a device is found through ListMFADevices and the set-up records keep their
 * serial. The person's own name for it is the `kagi:label` tag.
 */

/**
 * Where Kagi makes a user's virtual devices: under the user's own path, then their name, so
 * that a device lies under the same path as its user and a policy that guards a path of users
 * (the help desk's protected path) can guard their devices by the same path.
 */
export function mfaDevicePathOf(user: { name: string; path: string }): string {
  return `${user.path.endsWith('/') ? user.path : `${user.path}/`}${user.name}/`;
}

/** IAM's quota of MFA devices in use per user. */
export const MFA_DEVICES_PER_USER = 8;

/** What authenticator apps show above the code. */
const ISSUER = 'AWS';

async function toView(device: iam.MfaDevice): Promise<MfaDeviceView> {
  const kind = mfaKindOf(device.serialNumber);
  let label: string | null = null;
  if (kind === 'virtual') {
    // The label is a nicety: a device whose tags cannot be read is listed by its kind and name.
    const tag = (await iam.listMfaDeviceTags(device.serialNumber).catch(() => [])).find((t) => t.key === MFA_LABEL_TAG);
    label = tag ? decodeMfaLabel(tag.value) : null;
  }
  return {
    name: mfaDeviceNameOf(device.serialNumber),
    label,
    serialNumber: device.serialNumber,
    enabledAt: device.enableDate.toISOString(),
    kind,
  };
}

/** A user's devices in use, oldest first, with the names people gave them. */
export async function listMfaDevicesOf(userName: string): Promise<MfaDeviceView[]> {
  const devices = (await iam.listMfaDevices(userName)).sort((a, b) => a.enableDate.getTime() - b.enableDate.getTime());
  return Promise.all(devices.map(toView));
}

export async function listMyMfaDevices(person: LinkedPerson): Promise<MfaDeviceList> {
  return asPerson(person.iamUserName, async () => {
    return { devices: await listMfaDevicesOf(person.iamUserName), quota: MFA_DEVICES_PER_USER };
  });
}

async function findDevice(userName: string, name: string): Promise<MfaDeviceView> {
  const device = (await listMfaDevicesOf(userName)).find((d) => d.name === name);
  if (!device) throw new AppError('not-found');
  return device;
}

/** `<user>-<8 characters of [a-z0-9]>`: unique enough that a clash is never met in practice. */
function newDeviceName(userName: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const suffix = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${userName}-${suffix}`;
}

/** `arn:<partition>:iam::<account>:` from the user's own ARN. */
function arnPrefixOf(userArn: string): string {
  const match = /^(arn:[\w-]+:iam::\d{12}:)/.exec(userArn);
  if (!match?.[1]) throw new AppError('iam-unavailable', { detail: 'IAM answered with an unexpected user ARN.' });
  return match[1];
}

/**
 * Begins setting up an authenticator app: makes the virtual device and answers its seed, the
 * one time it is ever sent. An unfinished earlier set-up of the person's is abandoned first.
 */
export async function startMyMfaEnrolment(person: LinkedPerson, request: SelfServiceRequest, label: string): Promise<NewMfaDevice> {
  return asPerson(person.iamUserName, async () => {
    // An old set-up that cannot be cleared away now must not stop a new one: the sweep tries again.
    for (const old of await enrolmentsOf(person.iamUserName)) {
      await abandonEnrolment(person, request, old.deviceName).catch((error: unknown) => {
        log.warn({ type: 'mfa', requestId: request.requestId, mfaDevice: old.deviceName, error: describeError(error) }, 'an unfinished MFA set-up was not cleared away yet');
      });
    }

    const user = await getUser(person.iamUserName);
    if (!user) throw new AppError('not-found');
    // A path of the person's own under their user's: in role mode IAM confines a person's
    // session to mfa/<prefix>…<their name>/* (a "/" cannot be part of a user name), and denies
    // the help desk the protected users' devices by the protected path.
    const path = mfaDevicePathOf({ name: person.iamUserName, path: user.path });
    const name = newDeviceName(person.iamUserName);
    const serialNumber = `${arnPrefixOf(user.arn)}mfa${path}${name}`;

    const created = await audited(
      selfServiceEntry(person, request, 'mfa-device.create', undefined, name),
      async () => {
        // Recorded before IAM is called: if the answer is lost or this process dies, the sweep
        // still knows which device to delete.
        await recordEnrolment({ deviceName: name, serialNumber, subject: person.iamUserName, createdAt: new Date() });
        try {
          return await iam.createVirtualMfaDevice({ name, path, tags: [{ key: MFA_LABEL_TAG, value: encodeMfaLabel(label) }] });
        } catch (error) {
          // A definite refusal made nothing; a lost answer may have made the device: keep the record.
          if (!(error instanceof AppError && error.code === 'iam-unavailable')) await forgetEnrolment(name);
          throw error;
        }
      },
      { rateLimits: [MFA_ENROLMENT_LIMIT] },
    );
    if (created.serialNumber !== serialNumber) {
      log.warn({ type: 'mfa', requestId: request.requestId, expected: serialNumber, got: created.serialNumber }, 'IAM named the new MFA device differently');
    }
    const accountName = `${person.iamUserName}@${/:(\d{12}):/.exec(created.serialNumber)?.[1] ?? ''}`;
    const uri = new TOTP({ issuer: ISSUER, label: accountName, secret: Secret.fromBase32(created.seed), algorithm: 'SHA1', digits: 6, period: 30 }).toString();
    const png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 240 });
    return { name, label, serialNumber: created.serialNumber, secret: created.seed, qrCodePng: png.toString('base64') };
  });
}

/** Two codes in a row from the app: IAM checks them and the device is the person's from now on. */
export async function enableMyMfaDevice(
  person: LinkedPerson,
  request: SelfServiceRequest,
  name: string,
  codes: { code1: string; code2: string },
): Promise<MfaDeviceView> {
  return asPerson(person.iamUserName, async () => {
    await audited(
      selfServiceEntry(person, request, 'mfa-device.enable', undefined, name),
      async () => {
        const enrolment = await enrolmentOf(person.iamUserName, name);
        // Not the person's, or past its time: the set-up must start again. Counted as an attempt.
        if (!enrolment || !isEnrolmentOpen(enrolment)) throw new AppError('not-found');
        await iam.enableMfaDevice(person.iamUserName, enrolment.serialNumber, codes.code1, codes.code2);
      },
      { rateLimits: [MFA_ENABLE_LIMIT] },
    );
    // Should this fail, the sweep finds the device in use and drops the record then.
    await forgetEnrolment(name).catch(() => {});
    return findDevice(person.iamUserName, name);
  });
}

/** When the app's codes are refused because the phone's clock drifted. */
export async function resyncMyMfaDevice(
  person: LinkedPerson,
  request: SelfServiceRequest,
  name: string,
  codes: { code1: string; code2: string },
): Promise<MfaDeviceView> {
  return asPerson(person.iamUserName, async () => {
    return audited(
      selfServiceEntry(person, request, 'mfa-device.resync', undefined, name),
      async () => {
        const device = await findDevice(person.iamUserName, name);
        if (device.kind === 'security-key') throw new AppError('mfa-resync-not-possible');
        await iam.resyncMfaDevice(person.iamUserName, device.serialNumber, codes.code1, codes.code2);
        return device;
      },
      { rateLimits: [MFA_RESYNC_LIMIT] },
    );
  });
}

/** Whether `name` is one of the person's unfinished set-ups (cancelling one needs no fresh sign-in). */
export async function isMyOpenEnrolment(person: LinkedPerson, name: string): Promise<boolean> {
  return asPerson(person.iamUserName, async () => {
    return (await enrolmentOf(person.iamUserName, name)) !== null;
  });
}

/** Cancels a set-up: its device, never enabled, is deleted. */
export async function abandonMyMfaEnrolment(person: LinkedPerson, request: SelfServiceRequest, name: string): Promise<void> {
  return asPerson(person.iamUserName, async () => {
    if (!(await enrolmentOf(person.iamUserName, name))) throw new AppError('not-found');
    await abandonEnrolment(person, request, name);
  });
}

async function abandonEnrolment(person: LinkedPerson, request: SelfServiceRequest, name: string): Promise<void> {
  const enrolment = await enrolmentOf(person.iamUserName, name);
  if (!enrolment) return;
  await audited(
    selfServiceEntry(person, request, 'mfa-device.abandon', undefined, name),
    () => iam.deleteVirtualMfaDevice(enrolment.serialNumber),
    // 'in-use': it was enabled meanwhile, so it is a device like any other now.
    { outcome: (r) => (r === 'deleted' ? 'ok' : r === 'gone' ? 'not-found' : 'in-use') },
  );
  await forgetEnrolment(name);
}

/**
 * Takes the device named `name` away from a user: deactivated, and an authenticator app's
 * virtual device deleted too, as one audited change (a device the user does not have is an
 * attempt too: 'not-found'). Between the two the device is recorded like a set-up, so that if
 * the delete fails the sweep deletes the unassigned device later. The help desk checks whom
 * it may act on before calling this.
 *
 * A virtual device made outside Kagi (in the AWS console its path is "/") may be beyond what
 * Kagi's policy lets it delete. Once deactivated it no longer lets anyone sign in as the user,
 * which is what removing it means, so a refused delete leaves it unassigned in the account for
 * an administrator, logged, and is not retried: retrying a refusal would only fail again.
 */
export async function removeMfaDevice(entry: AuditEntryInput, userName: string, name: string): Promise<void> {
  await audited(entry, async () => {
    const device = await findDevice(userName, name);
    if (device.kind === 'virtual') {
      await forgetEnrolment(device.name);
      await recordEnrolment({ deviceName: device.name, serialNumber: device.serialNumber, subject: userName, createdAt: new Date() });
    }
    await iam.deactivateMfaDevice(userName, device.serialNumber);
    if (device.kind === 'virtual') {
      await iam.deleteVirtualMfaDevice(device.serialNumber).catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === 'iam-denied')) throw error;
        log.warn(
          { type: 'mfa', requestId: entry.requestId, subject: userName, serialNumber: device.serialNumber },
          'MFA device deactivated; Kagi may not delete it (made outside its path), so it stays unassigned in the account',
        );
      });
      await forgetEnrolment(device.name);
    }
  });
}

/** Removes one of the person's own devices (the route has checked for a fresh sign-in). */
export async function removeMyMfaDevice(person: LinkedPerson, request: SelfServiceRequest, name: string): Promise<void> {
  return asPerson(person.iamUserName, async () => {
    await removeMfaDevice(selfServiceEntry(person, request, 'mfa-device.delete', undefined, name), person.iamUserName, name);
  });
}
