import 'server-only';
import { randomUUID } from 'node:crypto';
import { accountById, ownAccount } from '@/lib/accounts';
import { AppError } from '@/lib/app-error';
import { audited } from '@/lib/audit';
import { config } from '@/lib/config';
import { database } from '@/lib/db';
import { INSTANCE_ID } from '@/lib/db/instance';
import * as iam from '@/lib/iam/mfa-devices';
import { currentAccount, inAccount } from '@/lib/iam/account-scope';
import { asPerson } from '@/lib/iam/on-behalf';
import { describeError, log } from '@/lib/log';

/**
 * Authenticator-app set-ups in progress. IAM's CreateVirtualMFADevice makes a device before
 * the person has typed any code, so an abandoned set-up would leave an unassigned device in
 * the account. Each one is recorded here (never its seed) before the device is made, and
 * forgotten once enabled or cancelled; the sweep deletes the device of any set-up older than
 * MFA_ENROLMENT_SECONDS. Claims are conditional updates, so two instances never sweep one.
 */

export interface Enrolment {
  deviceName: string;
  serialNumber: string;
  subject: string;
  createdAt: Date;
}

/** Who the sweep's audit entries name: a colon, so no IAM user name can be the same. */
export const SWEEP_ACTOR = 'kagi:sweep';

/** A sweeper that died mid-claim is replaced after this long. */
const CLAIM_TIMEOUT_MS = 5 * 60_000;

export async function recordEnrolment(enrolment: Enrolment): Promise<void> {
  await (await database())
    .insertInto('mfa_enrolments')
    .values({
      device_name: enrolment.deviceName,
      serial_number: enrolment.serialNumber,
      subject: enrolment.subject,
      created_at: enrolment.createdAt.toISOString(),
      // The account the device is made in: the sweep deletes it there.
      account_id: currentAccount().id,
    })
    .execute();
}

export async function forgetEnrolment(deviceName: string): Promise<void> {
  await (await database()).deleteFrom('mfa_enrolments').where('device_name', '=', deviceName).execute();
}

/** The person's open set-ups (normally none or one). */
export async function enrolmentsOf(subject: string): Promise<Enrolment[]> {
  const rows = await (await database()).selectFrom('mfa_enrolments').selectAll().where('subject', '=', subject).execute();
  return rows.map((r) => ({ deviceName: r.device_name, serialNumber: r.serial_number, subject: r.subject, createdAt: new Date(r.created_at) }));
}

export async function enrolmentOf(subject: string, deviceName: string): Promise<Enrolment | null> {
  return (await enrolmentsOf(subject)).find((e) => e.deviceName === deviceName) ?? null;
}

/** Whether a set-up begun at `createdAt` is still within its time. */
export function isEnrolmentOpen(enrolment: Enrolment, now = new Date()): boolean {
  return now.getTime() - enrolment.createdAt.getTime() < config().MFA_ENROLMENT_SECONDS * 1000;
}

/**
 * Deletes the device of every set-up older than MFA_ENROLMENT_SECONDS that this instance
 * claims. A device found in use was enabled after all (its record was not forgotten in
 * time): only the record goes. Returns how many devices it deleted.
 */
export async function sweepAbandonedEnrolments(now = new Date()): Promise<number> {
  const db = await database();
  const tooOld = new Date(now.getTime() - config().MFA_ENROLMENT_SECONDS * 1000).toISOString();
  const claimStale = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString();
  const candidates = await db
    .selectFrom('mfa_enrolments')
    .selectAll()
    .where('created_at', '<', tooOld)
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', claimStale)]))
    .limit(50)
    .execute();
  let deleted = 0;
  for (const row of candidates) {
    const claim = await db
      .updateTable('mfa_enrolments')
      .set({ claimed_by: INSTANCE_ID, claimed_at: now.toISOString() })
      .where('device_name', '=', row.device_name)
      .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', claimStale)]))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue; // another instance has it
    try {
      // On the person's behalf: in role mode their own session, which reaches only their devices.
      const account = row.account_id ? accountById(row.account_id) : ownAccount();
      if (!account) {
        // The account left the accounts file: nothing of Kagi's can reach its device any more.
        log.warn({ type: 'mfa-sweep', mfaDevice: row.device_name, accountId: row.account_id }, 'unfinished MFA set-up in an account Kagi no longer serves: left for its administrators');
        await forgetEnrolment(row.device_name);
        continue;
      }
      if (await inAccount(account, () => asPerson(row.subject, () => sweepOne(row)))) deleted++;
    } catch (error) {
      // IAM or the database failed: the claim runs out and a later sweep tries this one again.
      log.warn({ type: 'mfa-sweep', mfaDevice: row.device_name, error: describeError(error) }, 'unfinished MFA set-up not cleared yet');
    }
  }
  return deleted;
}

/** Deletes one abandoned set-up's device, unless it was enabled after all; then forgets it. */
async function sweepOne(row: { device_name: string; serial_number: string; subject: string }): Promise<boolean> {
  // A user deleted meanwhile has no devices in use: their set-up's device is unassigned.
  const inUse = await iam.listMfaDevices(row.subject).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not-found') return [];
    throw error;
  });
  let deleted = false;
  if (!inUse.some((d) => d.serialNumber === row.serial_number)) {
    const result = await audited(
      {
        requestId: randomUUID(),
        actor: SWEEP_ACTOR,
        actorName: 'Kagi',
        subject: row.subject,
        action: 'mfa-device.abandon',
        mfaDevice: row.device_name,
      },
      () => iam.deleteVirtualMfaDevice(row.serial_number),
      // 'not-found': the create's answer was lost before IAM made anything.
      { outcome: (r) => (r === 'deleted' ? 'ok' : r === 'gone' ? 'not-found' : 'in-use') },
    );
    deleted = result === 'deleted';
  }
  await forgetEnrolment(row.device_name);
  return deleted;
}
