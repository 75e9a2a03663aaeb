import 'server-only';
import { auditStore } from '@/lib/audit';
import type { AuditEntry, AuditQuery } from '@/lib/audit/types';
import { database } from '@/lib/db';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The agents' filter as the audit page sends it: names, and whole days (UTC) from and to. */
export interface AuditSearch {
  person?: string;
  agent?: string;
  action?: string;
  ticket?: string;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** The whole audit log for agents, filtered. Entries hold no secrets, so agents may see all. */
export async function searchAudit(search: AuditSearch): Promise<AuditEntry[]> {
  const query: AuditQuery = {
    subject: search.person,
    actor: search.agent,
    action: search.action,
    ticket: search.ticket,
    from: search.from ? new Date(`${search.from}T00:00:00Z`) : undefined,
    // "to" is inclusive: the whole of that day.
    to: search.to ? new Date(new Date(`${search.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
    beforeId: search.before,
    limit: search.limit,
  };
  return (await auditStore()).list(query);
}

export interface UndeliveredMessage {
  id: number;
  createdAt: string;
  subject: string;
  kind: string;
  status: 'failed' | 'no-address';
  attempts: number;
  lastError: string | null;
}

/**
 * Messages the person never received: given up on after MAIL_MAX_ATTEMPTS tries, or with no
 * verified address to send to. Shown beside the audit log so the help desk can tell them.
 */
export async function undeliveredMessages(limit = 50): Promise<UndeliveredMessage[]> {
  const rows = await (await database())
    .selectFrom('notification_outbox')
    .select(['id', 'created_at', 'subject', 'kind', 'status', 'attempts', 'last_error'])
    .where('status', 'in', ['failed', 'no-address'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    createdAt: r.created_at,
    subject: r.subject,
    kind: r.kind,
    status: r.status as UndeliveredMessage['status'],
    attempts: r.attempts,
    lastError: r.last_error,
  }));
}
