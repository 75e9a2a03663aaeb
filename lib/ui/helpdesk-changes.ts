import { queryOptions } from '@tanstack/react-query';
import type { GuidedStep } from '@/lib/helpdesk/rules';
import { array, literal, object, optional, string, type Infer } from '@/lib/shape';
import { guidedSessionSchema } from './my-helpdesk';
import { inBackground, jsonBody, requestJson } from './request-json';

/**
 * What an agent changes once a case is open: the actions (which may answer with a temporary
 * password: callers keep it in component state only, see useMutation gcTime 0) and guided resets.
 */

export type HelpdeskAction =
  | { action: 'set-temporary-password' }
  | { action: 'enable-console-password' }
  | { action: 'disable-console-password' }
  | { action: 'deactivate-key'; accessKeyId: string }
  | { action: 'deactivate-all-keys' }
  | { action: 'delete-key'; accessKeyId: string }
  | { action: 'remove-mfa-device'; mfaDevice: string }
  | { action: 'release-sign-in-link' };

const actionResultSchema = object({
  temporaryPassword: optional(string()),
  /** AWS did not confirm the temporary password: it may or may not be set. */
  unconfirmed: optional(literal(true)),
  deactivatedKeyIds: optional(array(string())),
});
export type HelpdeskActionResult = Infer<typeof actionResultSchema>;

export function performHelpdeskAction({ userName, caseId, request }: { userName: string; caseId: string; request: HelpdeskAction }) {
  return requestJson(`/api/helpdesk/users/${encodeURIComponent(userName)}/actions`, actionResultSchema, {
    method: 'POST',
    ...jsonBody({ caseId, ...request }),
  });
}

export function startGuidedSession({ userName, caseId, steps }: { userName: string; caseId: string; steps: GuidedStep[] }) {
  return requestJson('/api/helpdesk/guided-sessions', guidedSessionSchema, { method: 'POST', ...jsonBody({ userName, caseId, steps }) });
}

export const guidedSessionQueryKey = (id: string) => ['helpdesk', 'guided-session', id] as const;

/**
 * The live view of a guided session the agent started: polled every 2 s while it is open and
 * the tab is visible (again at once when the agent comes back to it). Polls are background
 * requests: watching does not keep the agent's session alive.
 */
export function guidedSessionQueryOptions(id: string) {
  return queryOptions({
    queryKey: guidedSessionQueryKey(id),
    queryFn: ({ signal }) => requestJson(`/api/helpdesk/guided-sessions/${encodeURIComponent(id)}`, guidedSessionSchema, inBackground({ signal })),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.status === 'open' ? 2_000 : false),
    refetchIntervalInBackground: false,
  });
}

export function cancelGuidedSession(id: string) {
  return requestJson(`/api/helpdesk/guided-sessions/${encodeURIComponent(id)}`, guidedSessionSchema, { method: 'DELETE' });
}

