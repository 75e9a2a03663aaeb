import 'server-only';
import { AppError } from '@/lib/app-error';
import { audited } from '@/lib/audit';
import type { AuditAction, AuditEntryInput } from '@/lib/audit/types';
import { revokeSessionsOfIamUser } from '@/lib/auth/revocation';
import { releaseSignInLink } from '@/lib/auth/sign-in-link';
import type { LinkedPerson } from '@/lib/auth/session';
import { nameOfKey, removeNameOfDeletedKey } from '@/lib/credentials/access-keys';
import { effectivePasswordPolicy, enableConsolePasswordReconciled, setConsolePasswordReconciled } from '@/lib/credentials/console-password';
import { removeMfaDevice } from '@/lib/credentials/mfa-devices';
import { generateTemporaryPassword } from '@/lib/credentials/temporary-password';
import * as keys from '@/lib/iam/access-keys';
import * as consolePassword from '@/lib/iam/console-password';
import { asHelpdesk } from '@/lib/iam/on-behalf';
import { helpableUser } from './people';
import { requireCase, type HelpdeskCase } from './verification';

export type HelpdeskAction =
  | { action: 'set-temporary-password' }
  | { action: 'enable-console-password' }
  | { action: 'disable-console-password' }
  | { action: 'deactivate-key'; accessKeyId: string }
  | { action: 'deactivate-all-keys' }
  | { action: 'delete-key'; accessKeyId: string }
  /** A lost phone or key: the device is deactivated (and an authenticator app's deleted). */
  | { action: 'remove-mfa-device'; mfaDevice: string }
  /** The person's IAM user is linked to the wrong company sign-in: the next one to claim it gets it. */
  | { action: 'release-sign-in-link' };

export interface HelpdeskActionResult {
  /** Shown to the agent once, to pass on; the person must change it at next console sign-in. */
  temporaryPassword?: string;
  /**
   * IAM's answer was lost, and asking again did not tell: the temporary password may or may
   * not be set. Either it works now or the person's old password still does, never both (when
   * turning console sign-in on: either it is on with this password, or still off).
   */
  unconfirmed?: true;
  deactivatedKeyIds?: string[];
}

function entry(agent: LinkedPerson, helpdeskCase: HelpdeskCase, requestId: string, action: AuditAction, accessKeyId?: string, mfaDevice?: string): AuditEntryInput {
  return {
    requestId,
    actor: agent.iamUserName,
    actorName: agent.name,
    subject: helpdeskCase.subject,
    action,
    accessKeyId: accessKeyId ?? null,
    mfaDevice: mfaDevice ?? null,
    ticket: helpdeskCase.ticket,
    verification: helpdeskCase.verification,
  };
}

/**
 * One help-desk action on a verified person, under the case's ticket, with one audit entry
 * per IAM change. The person is re-checked against IAM's record every time.
 */
export async function performHelpdeskAction(
  agent: LinkedPerson,
  requestId: string,
  userName: string,
  caseId: string,
  request: HelpdeskAction,
): Promise<HelpdeskActionResult> {
  const user = await asHelpdesk(agent.iamUserName, { subject: userName }, () => helpableUser(agent, userName));
  const helpdeskCase = await requireCase(agent, caseId, user.userName);
  // Every IAM call from here on is the case's: the agent, the person and the ticket (role mode).
  return asHelpdesk(agent.iamUserName, { subject: user.userName, ticket: helpdeskCase.ticket }, () =>
    act(agent, requestId, user.userName, helpdeskCase, request),
  );
}

async function act(agent: LinkedPerson, requestId: string, subject: string, helpdeskCase: HelpdeskCase, request: HelpdeskAction): Promise<HelpdeskActionResult> {

  switch (request.action) {
    case 'set-temporary-password': {
      const policy = await effectivePasswordPolicy();
      const password = generateTemporaryPassword(policy, subject);
      const change = await audited(
        entry(agent, helpdeskCase, requestId, 'console-password.set'),
        () =>
          setConsolePasswordReconciled(subject, password, {
            passwordResetRequired: true,
            policy,
            requestId,
            // Made at random a moment ago, it cannot be one of the person's old passwords: IAM
            // refusing it as reused means the first call stored it.
            storedIfRefusedAsReused: async () => true,
          }),
        { outcome: (result) => (result === 'unconfirmed' ? 'unconfirmed' : 'ok') },
      );
      return change === 'unconfirmed' ? { temporaryPassword: password, unconfirmed: true } : { temporaryPassword: password };
    }
    case 'enable-console-password': {
      const policy = await effectivePasswordPolicy();
      const password = generateTemporaryPassword(policy, subject);
      const change = await audited(
        entry(agent, helpdeskCase, requestId, 'console-password.enable'),
        () => enableConsolePasswordReconciled(subject, password, { policy, requestId }),
        { outcome: (result) => (result === 'unconfirmed' ? 'unconfirmed' : 'ok') },
      );
      return change === 'unconfirmed' ? { temporaryPassword: password, unconfirmed: true } : { temporaryPassword: password };
    }
    case 'disable-console-password':
      await audited(entry(agent, helpdeskCase, requestId, 'console-password.disable'), () =>
        consolePassword.disableConsolePassword(subject),
      );
      return {};
    case 'deactivate-key':
      await ensureKeyOf(subject, request.accessKeyId);
      await deactivateKey(entry(agent, helpdeskCase, requestId, 'access-key.deactivate', request.accessKeyId), subject, request.accessKeyId);
      return { deactivatedKeyIds: [request.accessKeyId] };
    case 'deactivate-all-keys': {
      // A suspected leak: every active key stops working, each with its own audit entry.
      const active = (await keys.listAccessKeys(subject)).filter((k) => k.status === 'Active');
      for (const key of active) {
        await deactivateKey(entry(agent, helpdeskCase, requestId, 'access-key.deactivate', key.accessKeyId), subject, key.accessKeyId);
      }
      // Whoever holds the keys may hold the person's Kagi session too: it ends, everywhere.
      await audited(entry(agent, helpdeskCase, requestId, 'sessions.end-all'), () => revokeSessionsOfIamUser(subject, 'helpdesk-deactivate-all-keys'));
      return { deactivatedKeyIds: active.map((k) => k.accessKeyId) };
    }
    case 'delete-key':
      await ensureKeyOf(subject, request.accessKeyId);
      await audited(
        entry(agent, helpdeskCase, requestId, 'access-key.delete', request.accessKeyId),
        async () => {
          const name = await nameOfKey(subject, request.accessKeyId, requestId);
          await keys.deleteAccessKey(subject, request.accessKeyId);
          await removeNameOfDeletedKey(subject, request.accessKeyId, requestId);
          return name;
        },
        { keyName: (name) => name },
      );
      return {};
    case 'remove-mfa-device':
      await removeMfaDevice(entry(agent, helpdeskCase, requestId, 'mfa-device.delete', undefined, request.mfaDevice), subject, request.mfaDevice);
      return {};
    case 'release-sign-in-link':
      // Nothing released (already free) is recorded too, as 'no-sign-in-link'.
      await audited(entry(agent, helpdeskCase, requestId, 'sign-in-link.release'), async () => {
        if (!(await releaseSignInLink(subject))) throw new AppError('no-sign-in-link');
      });
      return {};
  }
}

/** One key switched off, audited with the name it has (for the entry and the person's notice). */
async function deactivateKey(auditEntry: AuditEntryInput, userName: string, accessKeyId: string): Promise<void> {
  await audited(
    auditEntry,
    async () => {
      await keys.setAccessKeyStatus(userName, accessKeyId, 'Inactive');
      return nameOfKey(userName, accessKeyId, auditEntry.requestId);
    },
    { keyName: (name) => name },
  );
}

async function ensureKeyOf(userName: string, accessKeyId: string): Promise<void> {
  if (!(await keys.listAccessKeys(userName)).some((k) => k.accessKeyId === accessKeyId)) throw new AppError('not-found');
}
