import 'server-only';
import {
  CreateLoginProfileCommand,
  DeleteLoginProfileCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { AppError } from '@/lib/app-error';
import { iamForReads, iamForWrites } from './client';
import { callIam } from './errors';

/** IAM calls the console password a "login profile". */
export interface LoginProfile {
  createDate: Date;
  passwordResetRequired: boolean;
}

export interface AccountPasswordPolicy {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** Days; null when passwords never expire. */
  maxPasswordAge: number | null;
  /** How many previous passwords may not be reused; null when unchecked. */
  passwordReusePrevention: number | null;
  hardExpiry: boolean;
}

/** The user's console password settings, or null when console sign-in is not enabled. */
export async function getLoginProfile(userName: string): Promise<LoginProfile | null> {
  try {
    const { LoginProfile: profile } = await callIam(() =>
      iamForReads().send(new GetLoginProfileCommand({ UserName: userName })),
    );
    if (!profile) return null;
    return { createDate: profile.CreateDate ?? new Date(0), passwordResetRequired: profile.PasswordResetRequired ?? false };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not-found') return null;
    throw error;
  }
}

export async function setConsolePassword(
  userName: string,
  password: string,
  options: { passwordResetRequired: boolean },
): Promise<void> {
  await callIam(
    () =>
      iamForWrites().send(
        new UpdateLoginProfileCommand({
          UserName: userName,
          Password: password,
          PasswordResetRequired: options.passwordResetRequired,
        }),
      ),
    { 'not-found': 'no-console-password' },
  );
}

/** Turns console sign-in on; 'console-password-exists' when it is on already (someone was quicker). */
export async function enableConsolePassword(
  userName: string,
  password: string,
  options: { passwordResetRequired: boolean },
): Promise<void> {
  await callIam(async () => {
    try {
      await iamForWrites().send(
        new CreateLoginProfileCommand({
          UserName: userName,
          Password: password,
          PasswordResetRequired: options.passwordResetRequired,
        }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'EntityAlreadyExists' || name === 'EntityAlreadyExistsException') throw new AppError('console-password-exists', { cause: error });
      throw error;
    }
  });
}

export async function disableConsolePassword(userName: string): Promise<void> {
  await callIam(() => iamForWrites().send(new DeleteLoginProfileCommand({ UserName: userName })), {
    'not-found': 'no-console-password',
  });
}

/** The account's password policy, or null when none is set (AWS's default policy applies). */
export async function getAccountPasswordPolicy(): Promise<AccountPasswordPolicy | null> {
  try {
    const { PasswordPolicy: p } = await callIam(() =>
      iamForReads().send(new GetAccountPasswordPolicyCommand({})),
    );
    if (!p) return null;
    return {
      minimumPasswordLength: p.MinimumPasswordLength ?? 6,
      requireSymbols: p.RequireSymbols ?? false,
      requireNumbers: p.RequireNumbers ?? false,
      requireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
      requireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
      allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
      maxPasswordAge: p.MaxPasswordAge || null,
      passwordReusePrevention: p.PasswordReusePrevention || null,
      hardExpiry: p.HardExpiry ?? false,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not-found') return null;
    throw error;
  }
}
