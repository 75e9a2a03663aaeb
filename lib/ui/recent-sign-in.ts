import { queryOptions } from '@tanstack/react-query';
import { nullable, number, object } from '@/lib/shape';
import { errorCodeOf } from './api-error';
import { inBackground, requestJson } from './request-json';

export const recentSignInQueryKey = ['me', 'recent-sign-in'] as const;

const recentSignInSchema = object({ authTime: nullable(number()), freshUntil: number() });

/** Whether the last sign-in is recent enough for changes that need one (a password, a new key, an MFA set-up, a help-desk code); `freshUntil` in epoch seconds. */
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

/** Where a forced new sign-in returns to: `returnTo`, a path of Kagi's own. */
export function reauthHref(returnTo: string): string {
  return `/reauth?callbackUrl=${encodeURIComponent(returnTo)}`;
}
