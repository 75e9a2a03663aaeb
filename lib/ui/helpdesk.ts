import { queryOptions } from '@tanstack/react-query';
import { mfaDeviceViewSchema } from '@/lib/credentials/mfa-shapes';
import { array, boolean, nullable, number, object, oneOf, string, type Infer } from '@/lib/shape';
import { accountKey, withAccount, type AccountId } from './account';
import { ApiError } from './api-error';
import { inBackground, jsonBody, requestApi, requestJson } from './request-json';

/**
 * The help desk's client data for one person: the overview, verification and the case. Answer
 * shapes are checked with lib/shape.ts, so a page never works with a shape it did not expect.
 * Query keys start with 'helpdesk'. Each page loads only its own part (bench:pages):
 * helpdesk-search.ts (finding people, approvals), helpdesk-changes.ts (actions and guided
 * resets, once a case is open), helpdesk-audit.ts (the audit log), and my-helpdesk.ts for the
 * person's own side. Temporary passwords and help-desk codes are never put in a query key or
 * the query cache: callers keep them in component state. Every request names the account the
 * page is about (`?account=`, lib/ui/account.ts; null with one account) and every key holds it:
 * a case is bound to its account, and the same user name in two accounts is two people's pages.
 */

const iso = string();

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
      description: nullable(string()),
      status: oneOf(['Active', 'Inactive']),
      createDate: iso,
      ageDays: number(),
      rotation: oneOf(['ok', 'due', 'overdue']),
      lastUsed: nullable(object({ date: iso, serviceName: nullable(string()), region: nullable(string()) })),
    }),
  ),
  mfaDevices: array(mfaDeviceViewSchema),
  /** The one company sign-in that may use this AWS user, or null while none holds it. */
  signInLink: nullable(
    object({ subject: string(), signInName: nullable(string()), name: nullable(string()), linkedAt: iso, linkedBy: string() }),
  ),
  recentActivity: array(
    object({
      id: number(),
      at: iso,
      action: string(),
      accessKeyId: nullable(string()),
      mfaDevice: nullable(string()),
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

export const helpdeskQueryKey = ['helpdesk'] as const;
const personKey = (userName: string, account: AccountId) => ['helpdesk', 'person', accountKey(account), userName] as const;

/** The person's address under /api/helpdesk/users, in the page's account. */
const personPath = (userName: string, account: AccountId, rest = '') => withAccount(`/api/helpdesk/users/${encodeURIComponent(userName)}${rest}`, account);

/** `background`: a refresh the agent did not ask for (see inBackground). */
export function personOverviewQueryOptions(userName: string, account: AccountId, { background = false } = {}) {
  return queryOptions({
    queryKey: personKey(userName, account),
    queryFn: ({ signal }) => requestJson(personPath(userName, account), personOverviewSchema, background ? inBackground({ signal }) : { signal }),
  });
}

export { personKey as personOverviewQueryKey };

export const POLL_MS = 5_000;

/** The agent's own case, polled while it waits for approval (react-query pauses it in hidden tabs). */
export function caseQueryOptions(userName: string, caseId: string, waiting: boolean, account: AccountId) {
  return queryOptions({
    queryKey: ['helpdesk', 'case', accountKey(account), caseId] as const,
    queryFn: ({ signal }) => requestJson(personPath(userName, account, `/cases/${encodeURIComponent(caseId)}`), helpdeskCaseSchema, { signal }),
    refetchInterval: waiting ? POLL_MS : false,
    enabled: waiting,
  });
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
export async function openCase(userName: string, ticket: string, verification: Verification, account: AccountId): Promise<HelpdeskCase> {
  try {
    return await requestJson(personPath(userName, account, '/cases'), helpdeskCaseSchema, {
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

/** Ends the agent's case with this person now (the server keeps it open across reloads until then). */
export async function endCase({ userName, caseId, account }: { userName: string; caseId: string; account: AccountId }): Promise<void> {
  await requestApi(personPath(userName, account, `/cases/${encodeURIComponent(caseId)}`), { method: 'DELETE' });
}

