import { queryOptions } from '@tanstack/react-query';
import { array, boolean, extend, literal, nullable, number, object, oneOf, optional, string, type Infer } from '@/lib/shape';
import type { GuidedStep } from '@/lib/helpdesk/rules';
import { ApiError } from './api-error';
import { guidedSessionSchema } from './my-helpdesk';
import { inBackground, jsonBody, requestApi, requestJson } from './request-json';

// The person's side (their guided reset, their help-desk code) is in my-helpdesk.ts, so that
// the home page does not download the agent's; re-exported here for the agent's components.
export {
  guidedSessionSchema,
  issueHelpdeskCode,
  myGuidedSessionQueryKey,
  myGuidedSessionQueryOptions,
  stepStateSchema,
  type GuidedSession,
  type HelpdeskCode,
  type StepState,
} from './my-helpdesk';

/**
 * The help desk's client data: answer shapes (checked with lib/shape.ts so a page never works
 * with a shape it did not expect), query options and fetchers. Query keys start with 'helpdesk' for
 * the agent's side and 'me' for the person's. Temporary passwords and help-desk codes are
 * never put in a query key or the query cache: callers keep them in component state.
 */

const iso = string();

export const refusalSchema = nullable(oneOf(['self', 'protected', 'outside-path']));
export type Refusal = Infer<typeof refusalSchema>;

export const userSearchSchema = object({
  users: array(object({ userName: string(), path: string(), refusal: refusalSchema, name: nullable(string()), email: nullable(string()) })),
  total: number(),
});
export type UserSearch = Infer<typeof userSearchSchema>;

export const personOverviewSchema = object({
  userName: string(),
  path: string(),
  createDate: iso,
  passwordLastUsed: nullable(iso),
  consolePassword: object({
    enabled: boolean(),
    resetRequired: boolean(),
    setAt: nullable(iso),
    ageDays: nullable(number()),
    maxAgeDays: nullable(number()),
  }),
  accessKeys: array(
    object({
      accessKeyId: string(),
      status: oneOf(['Active', 'Inactive']),
      createDate: iso,
      ageDays: number(),
      rotation: oneOf(['ok', 'due', 'overdue']),
      lastUsed: nullable(object({ date: iso, serviceName: nullable(string()), region: nullable(string()) })),
    }),
  ),
  mfaDevices: number(),
  recentActivity: array(
    object({
      id: number(),
      at: iso,
      action: string(),
      accessKeyId: nullable(string()),
      outcome: string(),
      actorName: string(),
      ticket: nullable(string()),
    }),
  ),
});
export type PersonOverview = Infer<typeof personOverviewSchema>;

export const helpdeskCaseSchema = object({
  id: string(),
  subject: string(),
  ticket: string(),
  verification: string(),
  expiresAt: iso,
  agentName: string(),
  /** 'waiting': verified another way, so a second member of the help desk must approve it first. */
  approval: oneOf(['not-needed', 'waiting', 'approved']),
  approvedByName: nullable(string()),
});
export type HelpdeskCase = Infer<typeof helpdeskCaseSchema>;

export const approvalsSchema = object({ cases: array(extend(helpdeskCaseSchema, { createdAt: iso })) });
export type CaseAwaitingApproval = Infer<typeof approvalsSchema>['cases'][number];

export const auditEntrySchema = object({
  id: number(),
  at: iso,
  actor: string(),
  actorName: string(),
  subject: string(),
  action: string(),
  accessKeyId: nullable(string()),
  ticket: nullable(string()),
  verification: nullable(string()),
  outcome: string(),
  requestId: string(),
});
export type AuditEntry = Infer<typeof auditEntrySchema>;

/** Every action the audit log records, in the order the audit filter lists them. */
export const AUDIT_ACTIONS = [
  'helpdesk.verify',
  'helpdesk.case.end',
  'helpdesk.case.approve',
  'helpdesk.guided-session.start',
  'helpdesk.guided-session.cancel',
  'console-password.set',
  'console-password.enable',
  'console-password.disable',
  'access-key.create',
  'access-key.activate',
  'access-key.deactivate',
  'access-key.delete',
  'sessions.end-all',
] as const;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];

export function isKnownAuditAction(action: string): action is AuditActionName {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

// --- the agent's side -------------------------------------------------------------------

export const helpdeskQueryKey = ['helpdesk'] as const;
const personKey = (userName: string) => ['helpdesk', 'person', userName] as const;

export function userSearchQueryOptions(q: string) {
  return queryOptions({
    queryKey: ['helpdesk', 'users', q] as const,
    queryFn: ({ signal }) => requestJson(`/api/helpdesk/users?q=${encodeURIComponent(q)}`, userSearchSchema, { signal }),
    staleTime: 15_000,
  });
}

/** `background`: a refresh the agent did not ask for (see inBackground). */
export function personOverviewQueryOptions(userName: string, { background = false } = {}) {
  return queryOptions({
    queryKey: personKey(userName),
    queryFn: ({ signal }) =>
      requestJson(`/api/helpdesk/users/${encodeURIComponent(userName)}`, personOverviewSchema, background ? inBackground({ signal }) : { signal }),
  });
}

export { personKey as personOverviewQueryKey };

const POLL_MS = 5_000;

/** Cases other agents opened another way, waiting for this agent's second pair of eyes. */
export function approvalsQueryOptions() {
  return queryOptions({
    queryKey: ['helpdesk', 'approvals'] as const,
    queryFn: ({ signal }) => requestJson('/api/helpdesk/approvals', approvalsSchema, { signal }),
    refetchInterval: POLL_MS,
  });
}

/** The agent's own case, polled while it waits for approval (react-query pauses it in hidden tabs). */
export function caseQueryOptions(userName: string, caseId: string, waiting: boolean) {
  return queryOptions({
    queryKey: ['helpdesk', 'case', caseId] as const,
    queryFn: ({ signal }) => requestJson(`/api/helpdesk/users/${encodeURIComponent(userName)}/cases/${encodeURIComponent(caseId)}`, helpdeskCaseSchema, { signal }),
    refetchInterval: waiting ? POLL_MS : false,
    enabled: waiting,
  });
}

export function approveCase({ userName, caseId }: { userName: string; caseId: string }): Promise<HelpdeskCase> {
  return requestJson(`/api/helpdesk/users/${encodeURIComponent(userName)}/cases/${encodeURIComponent(caseId)}/approval`, helpdeskCaseSchema, { method: 'POST' });
}

/** A wrong code: how many tries are left before the person's code is gone. */
export class VerificationFailedError extends ApiError {
  constructor(readonly remainingAttempts: number) {
    super('verification-failed', 400);
    this.name = 'VerificationFailedError';
  }
}

export type Verification = { code: string } | { otherMethod: string };

/** Opens a case; a wrong code's error says how many tries are left. */
export async function openCase(userName: string, ticket: string, verification: Verification): Promise<HelpdeskCase> {
  try {
    return await requestJson(`/api/helpdesk/users/${encodeURIComponent(userName)}/cases`, helpdeskCaseSchema, {
      method: 'POST',
      ...jsonBody({ ticket, ...verification }),
    });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'verification-failed') {
      const remaining = error.problem.remainingAttempts;
      throw new VerificationFailedError(typeof remaining === 'number' ? remaining : 0);
    }
    throw error;
  }
}

export type HelpdeskAction =
  | { action: 'set-temporary-password' }
  | { action: 'enable-console-password' }
  | { action: 'disable-console-password' }
  | { action: 'deactivate-key'; accessKeyId: string }
  | { action: 'deactivate-all-keys' }
  | { action: 'delete-key'; accessKeyId: string };

const actionResultSchema = object({
  temporaryPassword: optional(string()),
  /** AWS did not confirm the temporary password: it may or may not be set. */
  unconfirmed: optional(literal(true)),
  deactivatedKeyIds: optional(array(string())),
});
export type HelpdeskActionResult = Infer<typeof actionResultSchema>;

/** May answer with a temporary password: callers keep it in component state only (see useMutation gcTime 0). */
/** Ends the agent's case with this person now (the server keeps it open across reloads until then). */
export async function endCase({ userName, caseId }: { userName: string; caseId: string }): Promise<void> {
  await requestApi(`/api/helpdesk/users/${encodeURIComponent(userName)}/cases/${encodeURIComponent(caseId)}`, { method: 'DELETE' });
}

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

export interface AuditFilters {
  person: string;
  agent: string;
  action: string;
  ticket: string;
  from: string;
  to: string;
}

export const AUDIT_FILTER_NAMES = ['person', 'agent', 'action', 'ticket', 'from', 'to'] as const satisfies readonly (keyof AuditFilters)[];

export const emptyAuditFilters: AuditFilters = { person: '', agent: '', action: '', ticket: '', from: '', to: '' };

/** The query string for the filters that are set (blank ones left out, so the API ignores them). */
export function auditSearchParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of AUDIT_FILTER_NAMES) {
    const value = filters[name].trim();
    if (value) params.set(name, value);
  }
  return params;
}

export function auditCsvHref(filters: AuditFilters): string {
  const params = auditSearchParams(filters);
  params.set('format', 'csv');
  return `/api/helpdesk/audit?${params.toString()}`;
}

export function auditQueryOptions(filters: AuditFilters) {
  const params = auditSearchParams(filters);
  params.set('limit', '200');
  return queryOptions({
    queryKey: ['helpdesk', 'audit', params.toString()] as const,
    queryFn: ({ signal }) => requestJson(`/api/helpdesk/audit?${params.toString()}`, object({ entries: array(auditEntrySchema) }), { signal }),
  });
}
