import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { mfaDeviceViewSchema } from '@/lib/credentials/mfa-schema';
import { GUIDED_STEPS, type GuidedStep } from '@/lib/helpdesk/rules';
import { ApiError } from './api-error';
import { inBackground, jsonBody, requestApi, requestJson } from './request-json';

/**
 * The help desk's client data: answer shapes (parsed with zod so a page never works with a
 * shape it did not expect), query options and fetchers. Query keys start with 'helpdesk' for
 * the agent's side and 'me' for the person's. Temporary passwords and help-desk codes are
 * never put in a query key or the query cache: callers keep them in component state.
 */

const iso = z.string();

export const refusalSchema = z.enum(['self', 'protected', 'outside-path']).nullable();
export type Refusal = z.infer<typeof refusalSchema>;

export const userSearchSchema = z.object({
  users: z.array(z.object({ userName: z.string(), path: z.string(), refusal: refusalSchema })),
  total: z.number(),
});
export type UserSearch = z.infer<typeof userSearchSchema>;

export const personOverviewSchema = z.object({
  userName: z.string(),
  path: z.string(),
  createDate: iso,
  passwordLastUsed: iso.nullable(),
  consolePassword: z.object({
    enabled: z.boolean(),
    resetRequired: z.boolean(),
    setAt: iso.nullable(),
    ageDays: z.number().nullable(),
    maxAgeDays: z.number().nullable(),
  }),
  accessKeys: z.array(
    z.object({
      accessKeyId: z.string(),
      description: z.string().nullable(),
      status: z.enum(['Active', 'Inactive']),
      createDate: iso,
      ageDays: z.number(),
      rotation: z.enum(['ok', 'due', 'overdue']),
      lastUsed: z.object({ date: iso, serviceName: z.string().nullable(), region: z.string().nullable() }).nullable(),
    }),
  ),
  mfaDevices: z.array(mfaDeviceViewSchema),
  recentActivity: z.array(
    z.object({
      id: z.number(),
      at: iso,
      action: z.string(),
      accessKeyId: z.string().nullable(),
      mfaDevice: z.string().nullable(),
      outcome: z.string(),
      actorName: z.string(),
      ticket: z.string().nullable(),
    }),
  ),
});
export type PersonOverview = z.infer<typeof personOverviewSchema>;

export const helpdeskCaseSchema = z.object({
  id: z.string(),
  subject: z.string(),
  ticket: z.string(),
  verification: z.string(),
  expiresAt: iso,
  agentName: z.string(),
  /** 'waiting': verified another way, so a second member of the help desk must approve it first. */
  approval: z.enum(['not-needed', 'waiting', 'approved']),
  approvedByName: z.string().nullable(),
});
export type HelpdeskCase = z.infer<typeof helpdeskCaseSchema>;

export const approvalsSchema = z.object({ cases: z.array(helpdeskCaseSchema.extend({ createdAt: iso })) });
export type CaseAwaitingApproval = z.infer<typeof approvalsSchema>['cases'][number];

export const stepStateSchema = z.enum(['not-started', 'in-progress', 'done']);
export type StepState = z.infer<typeof stepStateSchema>;

export const guidedSessionSchema = z.object({
  id: z.string(),
  subject: z.string(),
  agentName: z.string(),
  ticket: z.string(),
  steps: z.array(z.object({ step: z.enum(GUIDED_STEPS), state: stepStateSchema })),
  status: z.enum(['open', 'completed', 'cancelled', 'expired']),
  createdAt: iso,
  expiresAt: iso,
});
export type GuidedSession = z.infer<typeof guidedSessionSchema>;

export const auditEntrySchema = z.object({
  id: z.number(),
  at: iso,
  actor: z.string(),
  actorName: z.string(),
  subject: z.string(),
  action: z.string(),
  accessKeyId: z.string().nullable(),
  mfaDevice: z.string().nullable(),
  ticket: z.string().nullable(),
  verification: z.string().nullable(),
  outcome: z.string(),
  requestId: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

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
  'access-key.rename',
  'sessions.end-all',
  'mfa-device.create',
  'mfa-device.enable',
  'mfa-device.resync',
  'mfa-device.delete',
  'mfa-device.abandon',
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
  | { action: 'delete-key'; accessKeyId: string }
  | { action: 'remove-mfa-device'; mfaDevice: string };

const actionResultSchema = z.object({
  temporaryPassword: z.string().optional(),
  /** AWS did not confirm the temporary password: it may or may not be set. */
  unconfirmed: z.literal(true).optional(),
  deactivatedKeyIds: z.array(z.string()).optional(),
});
export type HelpdeskActionResult = z.infer<typeof actionResultSchema>;

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
    queryFn: ({ signal }) => requestJson(`/api/helpdesk/audit?${params.toString()}`, z.object({ entries: z.array(auditEntrySchema) }), { signal }),
  });
}

// --- the person's side ------------------------------------------------------------------

export const myGuidedSessionQueryKey = ['me', 'guided-session'] as const;

/**
 * The person's open guided reset, if the help desk started one: polled every 5 s while the tab
 * is visible. Polls are background requests: an open home page does not keep the session alive.
 */
export function myGuidedSessionQueryOptions() {
  return queryOptions({
    queryKey: myGuidedSessionQueryKey,
    queryFn: ({ signal }) => requestJson('/api/me/guided-session', z.object({ session: guidedSessionSchema.nullable() }), inBackground({ signal })),
    staleTime: 0,
    refetchInterval: 5_000,
    refetchIntervalInBackground: false,
  });
}

const helpdeskCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/), issuedAt: iso, expiresAt: iso });
export type HelpdeskCode = z.infer<typeof helpdeskCodeSchema>;

const helpdeskCodeStateSchema = z.object({
  current: z.object({ issuedAt: iso, expiresAt: iso }).nullable(),
  lastUse: z.object({ at: iso, agentName: z.string() }).nullable(),
});
export type HelpdeskCodeState = z.infer<typeof helpdeskCodeStateSchema>;

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

