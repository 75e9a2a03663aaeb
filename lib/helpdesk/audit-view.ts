import 'server-only';
import { auditStore } from '@/lib/audit';
import type { AuditEntry, AuditQuery } from '@/lib/audit/types';

export type AuditFilter = Pick<AuditQuery, 'subject' | 'actor' | 'action' | 'ticket' | 'from' | 'to' | 'beforeId' | 'limit'>;

/** The whole audit log for agents, filtered. Entries hold no secrets, so agents may see all. */
export async function searchAudit(filter: AuditFilter): Promise<AuditEntry[]> {
  return (await auditStore()).list(filter);
}

const CSV_COLUMNS = ['id', 'at', 'actor', 'actorName', 'subject', 'action', 'accessKeyId', 'ticket', 'verification', 'outcome', 'requestId'] as const;

/** RFC 4180 quoting, plus a leading ' on values a spreadsheet would run as a formula. */
function csvCell(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(entries: AuditEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const entry of entries) lines.push(CSV_COLUMNS.map((c) => csvCell(entry[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
