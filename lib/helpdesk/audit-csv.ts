import 'server-only';
import { getTimeZone, getTranslations } from 'next-intl/server';
import { accountById, servesSeveralAccounts } from '@/lib/accounts';
import type { AuditEntry } from '@/lib/audit/types';
import { auditCsv, type CsvWords } from './audit-csv-file';

/**
 * The audit CSV in the words of the agent who asks for it: their language and time zone (the
 * same choice the pages make, from the language cookie or the browser, and the `kagi-tz`
 * cookie), with the pages' own wording for actions, results and reasons.
 */
export async function auditCsvForAgent(entries: AuditEntry[]): Promise<string> {
  const [tCsv, tActions, tActivity, tErrors, tVerification, timeZone] = await Promise.all([
    getTranslations('helpdesk.audit.csv'),
    getTranslations('helpdesk.actionNames'),
    getTranslations('activity'),
    getTranslations('errors'),
    getTranslations('helpdesk.verificationMethod'),
    getTimeZone(),
  ]);
  const words: CsvWords = {
    timeZone,
    header: (column, values) => tCsv(`columns.${column}`, values),
    action: (action) => (tActions.has(action) ? tActions(action) : tActions('other', { action })),
    result: (result) =>
      result === 'ok'
        ? tActivity('outcomeOk')
        : result === 'pending'
          ? tActivity('outcomePending')
          : result === 'interrupted'
            ? tActivity('outcomeInterrupted')
            : result === 'unconfirmed'
              ? tActivity('outcomeUnconfirmed')
              : tCsv('failed'),
    reason: (code) => (tErrors.has(code) ? tErrors(code) : tErrors('internal')),
    verification: (verification) =>
      verification === 'code'
        ? tVerification('code')
        : tCsv('otherWay', { description: verification.startsWith('other: ') ? verification.slice('other: '.length) : verification }),
  };
  if (servesSeveralAccounts()) words.accountName = (id) => (id ? (accountById(id)?.name ?? '') : '');
  return auditCsv(entries, words);
}
