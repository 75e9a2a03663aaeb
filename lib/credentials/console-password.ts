import 'server-only';
import { AppError } from '@/lib/app-error';
import { audited, auditStore } from '@/lib/audit';
import type { LinkedPerson } from '@/lib/auth/session';
import * as iam from '@/lib/iam/console-password';
import { selfServiceEntry, type SelfServiceRequest } from './self-service-audit';
import {
  DEFAULT_PASSWORD_POLICY,
  IAM_SYMBOLS,
  failedRules,
  passwordExpiresAt,
  type ConsolePasswordStatus,
  type PasswordPolicy,
} from './password-policy';
import { PASSWORD_CHANGE_LIMIT } from './rate-limit';

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
 * stored or audited.
 */
export async function setMyConsolePassword(person: LinkedPerson, request: SelfServiceRequest, newPassword: string): Promise<void> {
  await audited(
    selfServiceEntry(person, request, 'console-password.set'),
    async () => {
      const policy = await effectivePasswordPolicy();
      const failed = failedRules(newPassword, policy, person.iamUserName);
      if (failed.length > 0) throw new AppError('password-policy', { extra: { failedRules: failed } });
      try {
        await iam.setConsolePassword(person.iamUserName, newPassword, { passwordResetRequired: false });
      } catch (error) {
        // Every rule Kagi can see passed, so IAM is refusing a password used before.
        if (error instanceof AppError && error.code === 'password-policy' && policy.reusePrevention) {
          throw new AppError('password-policy', { extra: { failedRules: ['recently-used'] }, cause: error });
        }
        throw error;
      }
    },
    { rateLimit: PASSWORD_CHANGE_LIMIT },
  );
}
