import { queryOptions } from '@tanstack/react-query';
import { array, extend, nullable, number, object, oneOf, optional, string, type Infer } from '@/lib/shape';
import { withAccount, type AccountId } from './account';
import { helpdeskCaseSchema, POLL_MS, type HelpdeskCase } from './helpdesk';
import { requestJson } from './request-json';

/** The help desk's first page: finding the person, and the cases waiting for this agent's approval. */

const iso = string();

export const refusalSchema = nullable(oneOf(['self', 'protected', 'outside-path']));
export type Refusal = Infer<typeof refusalSchema>;

export const userSearchSchema = object({
  users: array(
    object({
      userName: string(),
      path: string(),
      refusal: refusalSchema,
      name: nullable(string()),
      email: nullable(string()),
      /** Only with several accounts: the account the hit is in (a person in two is two hits). */
      accountId: optional(string()),
      accountName: optional(string()),
    }),
  ),
  total: number(),
});
export type UserSearch = Infer<typeof userSearchSchema>;

/** Cases of every account; `accountId` names the one each was opened in (null: Kagi's own, one account). */
export const approvalsSchema = object({ cases: array(extend(helpdeskCaseSchema, { createdAt: iso, accountId: optional(nullable(string())) })) });
export type CaseAwaitingApproval = Infer<typeof approvalsSchema>['cases'][number];

export function userSearchQueryOptions(q: string) {
  return queryOptions({
    queryKey: ['helpdesk', 'users', q] as const,
    queryFn: ({ signal }) => requestJson(`/api/helpdesk/users?q=${encodeURIComponent(q)}`, userSearchSchema, { signal }),
    staleTime: 15_000,
  });
}

/** Cases other agents opened another way, waiting for this agent's second pair of eyes. */
export function approvalsQueryOptions() {
  return queryOptions({
    queryKey: ['helpdesk', 'approvals'] as const,
    queryFn: ({ signal }) => requestJson('/api/helpdesk/approvals', approvalsSchema, { signal }),
    refetchInterval: POLL_MS,
  });
}

/** Approves in the case's own account (a case is bound to it: in any other it is `case-expired`). */
export function approveCase({ userName, caseId, account }: { userName: string; caseId: string; account: AccountId }): Promise<HelpdeskCase> {
  return requestJson(withAccount(`/api/helpdesk/users/${encodeURIComponent(userName)}/cases/${encodeURIComponent(caseId)}/approval`, account), helpdeskCaseSchema, { method: 'POST' });
}

