import { queryOptions } from '@tanstack/react-query';
import { GUIDED_STEPS } from '@/lib/helpdesk/rules';
import { array, object, oneOf, nullable, string, type Infer } from '@/lib/shape';
import { inBackground, requestJson } from './request-json';

/**
 * The person's side of the help desk: their guided reset and their help-desk code. Apart
 * from helpdesk.ts (the agent's side), which the home page then never downloads.
 */

const iso = string();

export const stepStateSchema = oneOf(['not-started', 'in-progress', 'done']);
export type StepState = Infer<typeof stepStateSchema>;

export const guidedSessionSchema = object({
  id: string(),
  subject: string(),
  agentName: string(),
  ticket: string(),
  steps: array(object({ step: oneOf(GUIDED_STEPS), state: stepStateSchema })),
  status: oneOf(['open', 'completed', 'cancelled', 'expired']),
  createdAt: iso,
  expiresAt: iso,
});
export type GuidedSession = Infer<typeof guidedSessionSchema>;

export const myGuidedSessionQueryKey = ['me', 'guided-session'] as const;

/**
 * The person's open guided reset, if the help desk started one: polled every 5 s while the tab
 * is visible. Polls are background requests: an open home page does not keep the session alive.
 */
export function myGuidedSessionQueryOptions() {
  return queryOptions({
    queryKey: myGuidedSessionQueryKey,
    queryFn: ({ signal }) => requestJson('/api/me/guided-session', object({ session: nullable(guidedSessionSchema) }), inBackground({ signal })),
    staleTime: 0,
    refetchInterval: 5_000,
    refetchIntervalInBackground: false,
  });
}

const helpdeskCodeSchema = object({ code: string(/^\d{6}$/), issuedAt: iso, expiresAt: iso });
export type HelpdeskCode = Infer<typeof helpdeskCodeSchema>;

const helpdeskCodeStateSchema = object({
  current: nullable(object({ issuedAt: iso, expiresAt: iso })),
  lastUse: nullable(object({ at: iso, agentName: string() })),
});
export type HelpdeskCodeState = Infer<typeof helpdeskCodeStateSchema>;

/**
 * While a code is shown: has the help desk used it? A background poll every 5 s (it renews no
 * session and stops while the tab is hidden). Never carries the code itself.
 */
export function helpdeskCodeStateQueryOptions(shownIssuedAt: string | null) {
  return queryOptions({
    // Per code shown, so a new code never meets what was said about the one before.
    queryKey: ['me', 'helpdesk-code', shownIssuedAt] as const,
    queryFn: ({ signal }) => requestJson('/api/me/helpdesk-code', helpdeskCodeStateSchema, inBackground({ signal })),
    enabled: shownIssuedAt !== null,
    staleTime: 0,
    gcTime: 0,
    refetchInterval: 5_000,
    refetchIntervalInBackground: false,
  });
}

/** A new code (replacing any earlier one). Kept in component state only, never in a cache. */
export function issueHelpdeskCode(): Promise<HelpdeskCode> {
  return requestJson('/api/me/helpdesk-code', helpdeskCodeSchema, { method: 'POST' });
}

