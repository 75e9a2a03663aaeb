import type { AuditEntry } from '@/lib/audit/types';

// Pure (no server imports), so that unit tests can check every cell; audit-csv.ts supplies
// the agent's words.

/** The CSV's columns, in order; each header is a message in `helpdesk.audit.csv.columns`. */
const CSV_COLUMNS = ['id', 'when', 'actorName', 'actor', 'subject', 'action', 'accessKeyId', 'keyName', 'mfaDevice', 'ticket', 'verification', 'result', 'reason', 'requestId'] as const;
/** With several AWS accounts, last (so a single account's file is as it always was): the account's name and ID. */
const ACCOUNT_COLUMNS = ['accountName', 'accountId'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number] | (typeof ACCOUNT_COLUMNS)[number];

/** What the CSV says in the agent's words: lib/helpdesk/audit-csv.ts fills it from the messages. */
export interface CsvWords {
  timeZone: string;
  header: (column: CsvColumn, values: { timeZone: string }) => string;
  /** An audit action in words ("Created an access key"); the action itself when it has none. */
  action: (action: string) => string;
  /** 'ok', 'pending', 'interrupted', 'unconfirmed' or 'failed'. */
  result: (result: 'ok' | 'pending' | 'interrupted' | 'unconfirmed' | 'failed') => string;
  /** Why an attempt failed, from its error code. */
  reason: (code: string) => string;
  verification: (verification: string) => string;
  /** With several accounts: an account's name by its ID (the entry's); absent with one account. */
  accountName?: (id: string | null) => string;
}

/**
 * Every cell in double quotes (RFC 4180, `"` doubled), plus a leading ' on values a
 * spreadsheet would run as a formula. Quoting only cells with `"`, `,` or a line break is not
 * enough: a spreadsheet whose list separator is `;` (most of Europe's locales) splits an
 * unquoted `a;=HYPERLINK(…)` into two cells, the second a formula. A quoted cell is one cell
 * whatever the separator.
 */
function csvCell(value: unknown): string {
  let text = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** "2026-12-01 09:05:03" in the time zone: a form every spreadsheet reads as a date and time. */
export function localDateTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const SETTLED = new Set(['ok', 'pending', 'interrupted', 'unconfirmed']);

function cells(entry: AuditEntry, words: CsvWords): Record<CsvColumn, unknown> {
  const failed = !SETTLED.has(entry.outcome);
  return {
    id: entry.id,
    when: localDateTime(entry.at, words.timeZone),
    actorName: entry.actorName,
    actor: entry.actor,
    subject: entry.subject,
    action: words.action(entry.action),
    accessKeyId: entry.accessKeyId,
    keyName: entry.keyName,
    mfaDevice: entry.mfaDevice,
    ticket: entry.ticket,
    verification: entry.verification ? words.verification(entry.verification) : '',
    result: words.result(failed ? 'failed' : (entry.outcome as 'ok' | 'pending' | 'interrupted' | 'unconfirmed')),
    reason: failed ? words.reason(entry.outcome) : '',
    requestId: entry.requestId,
    accountName: entry.accountId ? (words.accountName?.(entry.accountId) ?? '') : '',
    accountId: entry.accountId ?? '',
  };
}

/**
 * The audit log as a CSV file in the agent's language and time zone, for a spreadsheet: a
 * UTF-8 byte-order mark first (without it, Excel reads UTF-8 as the local code page and
 * Japanese turns to mojibake), CRLF line ends, and every failure with its reason in words.
 */
export function auditCsv(entries: AuditEntry[], words: CsvWords): string {
  const columns: readonly CsvColumn[] = words.accountName ? [...CSV_COLUMNS, ...ACCOUNT_COLUMNS] : CSV_COLUMNS;
  const lines = [columns.map((c) => csvCell(words.header(c, { timeZone: words.timeZone }))).join(',')];
  for (const entry of entries) {
    const row = cells(entry, words);
    lines.push(columns.map((c) => csvCell(row[c])).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
