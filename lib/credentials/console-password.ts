import 'server-only';
import { AppError } from '@/lib/app-error';
import { audited, auditStore } from '@/lib/audit';
import type { LinkedPerson } from '@/lib/auth/session';
import { log } from '@/lib/log';
import * as iam from '@/lib/iam/console-password';
import { asPerson } from '@/lib/iam/on-behalf';
import { selfServiceEntry, type SelfServiceRequest } from './self-service-audit';
import {
  DEFAULT_PASSWORD_POLICY,
  IAM_SYMBOLS,
  failedRules,
  passwordExpiresAt,
  type ConsolePasswordStatus,
  type PasswordPolicy,
} from './password-policy';
import { PASSWORD_ATTEMPT_LIMIT, PASSWORD_CHANGE_LIMIT } from './rate-limit';

/** The account's policy in Kagi's terms; AWS's default when the account has none. */
export async function effectivePasswordPolicy(): Promise<PasswordPolicy> {
  const policy = await iam.getAccountPasswordPolicy();
  if (!policy) return DEFAULT_PASSWORD_POLICY;
  return {
    isDefault: false,
    minimumLength: policy.minimumPasswordLength,
    requireUppercase: policy.requireUppercaseCharacters,
    requireLowercase: policy.requireLowercaseCharacters,
    requireNumbers: policy.requireNumbers,
    requireSymbols: policy.requireSymbols,
    requireThreeOfFourKinds: false,
    maxAgeDays: policy.maxPasswordAge,
    reusePrevention: policy.passwordReusePrevention,
  };
}

export async function getMyConsolePassword(person: LinkedPerson): Promise<ConsolePasswordStatus> {
  return asPerson(person.iamUserName, () => consolePasswordOf(person));
}

async function consolePasswordOf(person: LinkedPerson): Promise<ConsolePasswordStatus> {
  const [profile, policy, lastChanged] = await Promise.all([
    iam.getLoginProfile(person.iamUserName),
    effectivePasswordPolicy(),
    auditStore().then((store) => store.lastSuccess(person.iamUserName, 'console-password.set')),
  ]);
  // IAM reports only when console sign-in was first enabled; a later change through Kagi is newer.
  const changedAt = lastChanged ?? profile?.createDate ?? null;
  return {
    enabled: profile !== null,
    resetRequired: profile?.passwordResetRequired ?? false,
    createDate: profile?.createDate.toISOString() ?? null,
    lastChangedByKagi: lastChanged?.toISOString() ?? null,
    expiresAt: profile && changedAt ? (passwordExpiresAt(changedAt, policy)?.toISOString() ?? null) : null,
    policy,
    symbols: IAM_SYMBOLS,
  };
}

/**
 * Sets the person's own console password. The caller has checked that their sign-in is
 * fresh (the portal cannot verify an old password). The password itself is never logged,
 * stored or audited. When IAM's answer is lost and Kagi cannot tell whether the password was
 * stored, this throws 'unconfirmed' (and the audit says so): the person typed it, so they can
 * find out by signing in to the AWS console with it.
 */
export async function setMyConsolePassword(person: LinkedPerson, request: SelfServiceRequest, newPassword: string): Promise<void> {
  await asPerson(person.iamUserName, () => audited(
    selfServiceEntry(person, request, 'console-password.set'),
    async () => {
      const policy = await effectivePasswordPolicy();
      const failed = failedRules(newPassword, policy, person.iamUserName);
      if (failed.length > 0) throw new AppError('password-policy', { extra: { failedRules: failed } });
      const before = await iam.getLoginProfile(person.iamUserName);
      let change: PasswordChange;
      try {
        change = await setConsolePasswordReconciled(person.iamUserName, newPassword, {
          passwordResetRequired: false,
          policy,
          requestId: request.requestId,
          // A password the person chose may be an old one of theirs, so a refusal as reused
          // proves nothing by itself. Only the reset flag can tell: required before, and no
          // longer now, means this change went through (nothing else clears it in seconds).
          storedIfRefusedAsReused: async () =>
            before?.passwordResetRequired === true && (await iam.getLoginProfile(person.iamUserName))?.passwordResetRequired === false,
        });
      } catch (error) {
        // Every rule Kagi can see passed, so IAM is refusing a password used before. Its own
        // code, so the page, the person's activity and the audit log all give that reason.
        if (error instanceof AppError && error.code === 'password-policy' && policy.reusePrevention) {
          throw new AppError('password-reused', { extra: { failedRules: ['recently-used'] }, cause: error });
        }
        throw error;
      }
      if (change === 'unconfirmed') throw new AppError('unconfirmed');
    },
    { rateLimits: [PASSWORD_CHANGE_LIMIT, PASSWORD_ATTEMPT_LIMIT] },
  ));
}

/** What became of a new console password: set for sure, or perhaps (IAM's answer was lost). */
export type PasswordChange = 'set' | 'unconfirmed';

/**
 * UpdateLoginProfile, reconciled as key creation is. When its answer is lost (a dropped
 * connection, a timeout, a 5xx: 'iam-unavailable'), IAM may or may not have stored the
 * password, and nothing IAM returns says which: GetLoginProfile's CreateDate is when console
 * sign-in was first turned on and never changes, GetUser's PasswordLastUsed is about signing
 * in, and the credential report's password_last_changed is account-wide and at most every
 * four hours fresh. So the same password is sent once more, which is safe (the end state is
 * the same either way) and tells:
 * - accepted: it is set now, whichever of the two stored it;
 * - refused as reused (the policy forbids the last N passwords): IAM already holds it, either
 *   from the first call or from long before; `storedIfRefusedAsReused` says which it was;
 * - refused for another definite reason (no console password, the policy): nothing was set;
 * - no answer again, throttled, busy: 'unconfirmed'.
 * Never more than one more call: more would only pile up work for a struggling IAM.
 */
export async function setConsolePasswordReconciled(
  userName: string,
  password: string,
  options: { passwordResetRequired: boolean; policy: PasswordPolicy; requestId: string; storedIfRefusedAsReused: () => Promise<boolean> },
): Promise<PasswordChange> {
  const send = () => iam.setConsolePassword(userName, password, { passwordResetRequired: options.passwordResetRequired });
  try {
    await send();
    return 'set';
  } catch (error) {
    // Throttling and refusals are definite answers: IAM stored nothing.
    if (!(error instanceof AppError) || error.code !== 'iam-unavailable') throw error;
  }
  let change: PasswordChange = 'unconfirmed';
  try {
    await send();
    change = 'set';
  } catch (error) {
    if (error instanceof AppError && error.code === 'password-policy' && options.policy.reusePrevention) {
      change = (await options.storedIfRefusedAsReused().catch(() => false)) ? 'set' : 'unconfirmed';
    } else if (error instanceof AppError && (error.code === 'password-policy' || error.code === 'no-console-password')) {
      throw error;
    }
  }
  log.warn({ type: 'reconciled', requestId: options.requestId, userName, change }, "IAM's answer to a password change was lost; sent again");
  return change;
}

/**
 * CreateLoginProfile for the help desk's "turn console sign-in on", reconciled as a password
 * change is. When its answer is lost, IAM may have turned sign-in on with this temporary
 * password, and then sending it again would only be refused as existing. So GetLoginProfile
 * tells: still off, nothing was made, and it is sent once more; on, it was this call (the
 * help desk offers this only while sign-in is off, and someone quicker would have been told
 * so: 'console-password-exists'), and the same password sent as an update confirms it, IAM
 * refusing it as reused meaning it holds it already (it is random and new). Anything still
 * unclear after that one more call is 'unconfirmed'.
 */
export async function enableConsolePasswordReconciled(
  userName: string,
  password: string,
  options: { policy: PasswordPolicy; requestId: string },
): Promise<PasswordChange> {
  const create = () => iam.enableConsolePassword(userName, password, { passwordResetRequired: true });
  try {
    await create();
    return 'set';
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'iam-unavailable') throw error;
  }
  let change: PasswordChange = 'unconfirmed';
  try {
    if (await iam.getLoginProfile(userName)) {
      await iam.setConsolePassword(userName, password, { passwordResetRequired: true }).catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === 'password-policy' && options.policy.reusePrevention)) throw error;
      });
    } else {
      await create();
    }
    change = 'set';
  } catch (error) {
    // The password was made to the policy, so a refusal by it is definite and nothing was set.
    if (error instanceof AppError && error.code === 'password-policy') throw error;
  }
  log.warn({ type: 'reconciled', requestId: options.requestId, userName, change }, "IAM's answer to turning console sign-in on was lost; checked");
  return change;
}
