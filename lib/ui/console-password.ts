import { queryOptions } from '@tanstack/react-query';
import { consolePasswordStatusSchema, type ConsolePasswordStatus, type PasswordRule } from '@/lib/credentials/password-policy';
import { ApiError } from './api-error';
import { accountKey, withAccount, type AccountId } from './account';
import { jsonBody, requestApi, requestJson } from './request-json';

// The recent sign-in a password change needs is asked for by other pages too.
export { fetchRecentSignIn, recentSignInQueryKey, recentSignInQueryOptions, type RecentSignIn } from './recent-sign-in';

export const consolePasswordQueryKey = ['me', 'console-password'] as const;

/** One account's password status. */
export function accountPasswordQueryKey(account: AccountId) {
  return [...consolePasswordQueryKey, accountKey(account)] as const;
}

export function fetchConsolePassword(account: AccountId, signal?: AbortSignal): Promise<ConsolePasswordStatus> {
  return requestJson(withAccount('/api/me/console-password', account), consolePasswordStatusSchema, { signal });
}

/** The status and policy only; the password itself never enters any cache. */
export function consolePasswordQueryOptions(account: AccountId) {
  return queryOptions({ queryKey: accountPasswordQueryKey(account), queryFn: ({ signal }) => fetchConsolePassword(account, signal) });
}

/** IAM or Kagi refused the password; `failedRules` says which rules, in the policy's codes. */
export class PasswordRejectedError extends ApiError {
  constructor(readonly failedRules: PasswordRule[]) {
    super('password-policy', 400);
    this.name = 'PasswordRejectedError';
  }
}

/**
 * PUT the new password. Callers pass it straight from component state (useMutation, reset at
 * once), never through a query key, a URL or storage. A policy refusal carries the failed
 * rules, which is what the page shows.
 */
export async function setConsolePassword(account: AccountId, newPassword: string): Promise<void> {
  try {
    await requestApi(withAccount('/api/me/console-password', account), { method: 'PUT', ...jsonBody({ newPassword }) });
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'password-policy' || error.code === 'password-reused')) {
      const rules = error.problem.failedRules;
      throw new PasswordRejectedError((Array.isArray(rules) ? rules.filter((r) => typeof r === 'string') : []) as PasswordRule[]);
    }
    throw error;
  }
}
