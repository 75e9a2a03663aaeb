import { queryOptions } from '@tanstack/react-query';
import { consolePasswordStatusSchema, type ConsolePasswordStatus, type PasswordRule } from '@/lib/credentials/password-policy';
import { nullable, number, object } from '@/lib/shape';
import { ApiError, errorCodeOf } from './api-error';
import { inBackground, jsonBody, requestApi, requestJson } from './request-json';

export const consolePasswordQueryKey = ['me', 'console-password'] as const;
export const recentSignInQueryKey = ['me', 'recent-sign-in'] as const;

export function fetchConsolePassword(signal?: AbortSignal): Promise<ConsolePasswordStatus> {
  return requestJson('/api/me/console-password', consolePasswordStatusSchema, { signal });
}

/** The status and policy only; the password itself never enters any cache. */
export function consolePasswordQueryOptions() {
  return queryOptions({ queryKey: consolePasswordQueryKey, queryFn: ({ signal }) => fetchConsolePassword(signal) });
}

const recentSignInSchema = object({ authTime: nullable(number()), freshUntil: number() });

/** Whether the last sign-in is recent enough to change the password; `freshUntil` in epoch seconds. */
export type RecentSignIn = { fresh: true; freshUntil: number } | { fresh: false };

export async function fetchRecentSignIn(signal?: AbortSignal, { background = false } = {}): Promise<RecentSignIn> {
  try {
    const { freshUntil } = await requestJson('/api/me/recent-sign-in', recentSignInSchema, background ? inBackground({ signal }) : { signal });
    return { fresh: true, freshUntil };
  } catch (error) {
    // An expected answer, not a failure: the page asks the person to sign in again.
    if (errorCodeOf(error) === 'reauth-required') return { fresh: false };
    throw error;
  }
}

/**
 * Asked on arrival, on coming back to the tab, and again right before a change: never
 * trusted from earlier, since a sign-in stops being recent while the page is open.
 * `background`: asked when a timer says the sign-in has just stopped being recent.
 */
export function recentSignInQueryOptions({ background = false } = {}) {
  return queryOptions({
    queryKey: recentSignInQueryKey,
    queryFn: ({ signal }) => fetchRecentSignIn(signal, { background }),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
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
export async function setConsolePassword(newPassword: string): Promise<void> {
  try {
    await requestApi('/api/me/console-password', { method: 'PUT', ...jsonBody({ newPassword }) });
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'password-policy' || error.code === 'password-reused')) {
      const rules = error.problem.failedRules;
      throw new PasswordRejectedError((Array.isArray(rules) ? rules.filter((r) => typeof r === 'string') : []) as PasswordRule[]);
    }
    throw error;
  }
}
