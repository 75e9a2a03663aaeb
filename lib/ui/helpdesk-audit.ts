import { queryOptions } from '@tanstack/react-query';
import { array, nullable, number, object, optional, string, type Infer } from '@/lib/shape';
import { requestJson } from './request-json';

/** The help desk's audit log: entries, filters, and the CSV export's address. */

const iso = string();

export const auditEntrySchema = object({
  id: number(),
  at: iso,
  actor: string(),
  actorName: string(),
  subject: string(),
  action: string(),
  accessKeyId: nullable(string()),
  /** The key's name when the change was made (a deleted key's included). */
  keyName: nullable(string()),
  mfaDevice: nullable(string()),
  ticket: nullable(string()),
  verification: nullable(string()),
  outcome: string(),
  requestId: string(),
  /** The AWS account the change was made in (null: Kagi's own, with one account). */
  accountId: optional(nullable(string())),
});
export type AuditEntry = Infer<typeof auditEntrySchema>;

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
