import { queryOptions } from '@tanstack/react-query';
import type { GuidedStep } from '@/lib/helpdesk/rules';
import { array, literal, object, optional, string, type Infer } from '@/lib/shape';
import { accountKey, withAccount, type AccountId } from './account';
import { guidedSessionSchema } from './my-helpdesk';
import { inBackground, jsonBody, requestJson } from './request-json';

/**
 * What an agent changes once a case is open: the actions (which may answer with a temporary
 * password: callers keep it in component state only, see useMutation gcTime 0) and guided resets,
 * each in the case's account (`?account=`; a case is bound to the account it was opened in).
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

export function performHelpdeskAction({ userName, caseId, request, account }: { userName: string; caseId: string; request: HelpdeskAction; account: AccountId }) {
  return requestJson(withAccount(`/api/helpdesk/users/${encodeURIComponent(userName)}/actions`, account), actionResultSchema, {
    method: 'POST',
    ...jsonBody({ caseId, ...request }),
  });
}

export function startGuidedSession({ userName, caseId, steps, account }: { userName: string; caseId: string; steps: GuidedStep[]; account: AccountId }) {
  return requestJson(withAccount('/api/helpdesk/guided-sessions', account), guidedSessionSchema, { method: 'POST', ...jsonBody({ userName, caseId, steps }) });
}

export const guidedSessionQueryKey = (id: string, account: AccountId) => ['helpdesk', 'guided-session', accountKey(account), id] as const;

/**
 * The live view of a guided session the agent started: polled every 2 s while it is open and
 * the tab is visible (again at once when the agent comes back to it). Polls are background
 * requests: watching does not keep the agent's session alive.
 */
export function guidedSessionQueryOptions(id: string, account: AccountId) {
  return queryOptions({
    queryKey: guidedSessionQueryKey(id, account),
    queryFn: ({ signal }) => requestJson(withAccount(`/api/helpdesk/guided-sessions/${encodeURIComponent(id)}`, account), guidedSessionSchema, inBackground({ signal })),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.status === 'open' ? 2_000 : false),
    refetchIntervalInBackground: false,
  });
}

export function cancelGuidedSession({ id, account }: { id: string; account: AccountId }) {
  return requestJson(withAccount(`/api/helpdesk/guided-sessions/${encodeURIComponent(id)}`, account), guidedSessionSchema, { method: 'DELETE' });
}

