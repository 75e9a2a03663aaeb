'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import type { ActivityEntry } from '@/lib/audit/activity-schema';
import { activityQueryOptions } from '@/lib/ui/activity';
import { useAccountId } from '@/lib/ui/account-context';
import { AuditOutcome } from '../audit-outcome';
import { SignOutButton } from '../sign-out-button';

const knownActions = [
  'access-key.create',
  'access-key.activate',
  'access-key.deactivate',
  'access-key.delete',
  'access-key.rename',
  'console-password.set',
  'sessions.end-all',
  'helpdesk-code.issue',
  'mfa-device.create',
  'mfa-device.enable',
  'mfa-device.resync',
  'mfa-device.delete',
  'mfa-device.abandon',
];
/** Help-desk actions on the person, worded from the person's side (messages: guided.activity). */
const helpdeskActions = ['sign-in-link.release', 'console-password.enable', 'console-password.disable', 'helpdesk.verify', 'helpdesk.case.end', 'helpdesk.case.approve', 'helpdesk.guided-session.start', 'helpdesk.guided-session.cancel'];

/** `accountNames`: with several accounts, each account's label by ID, so every line names its account. */
export function ActivityList({ initialData, accountNames = null }: { initialData: { entries: ActivityEntry[] }; accountNames?: Record<string, string> | null }) {
  const t = useTranslations('activity');
  const tGuided = useTranslations('guided.activity');
  const tAccounts = useTranslations('accounts');
  const format = useFormatter();
  const { data = initialData } = useQuery({ ...activityQueryOptions(useAccountId()), initialData });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>
      </div>
      <section aria-labelledby="sessions-title" className="max-w-3xl rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="sessions-title" className="font-semibold">{t('sessions.title')}</h2>
        <p className="mt-1 mb-3 text-slate-700">{t('sessions.body')}</p>
        <SignOutButton everywhere />
      </section>
      {data.entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{t('none')}</p>
      ) : (
        // On a phone the table scrolls inside its box: focusable and named, so a keyboard can scroll it too.
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={t('caption')}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('caption')}</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="whitespace-nowrap px-4 py-3 font-semibold">{t('when')}</th>
                {accountNames ? <th scope="col" className="whitespace-nowrap px-4 py-3 font-semibold">{tAccounts('column')}</th> : null}
                <th scope="col" className="whitespace-nowrap px-4 py-3 font-semibold">{t('what')}</th>
                <th scope="col" className="whitespace-nowrap px-4 py-3 font-semibold">{t('key')}</th>
                <th scope="col" className="whitespace-nowrap px-4 py-3 font-semibold">{t('result')}</th>
                <th scope="col" className="whitespace-nowrap px-4 py-3 font-semibold">{t('who')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.entries.map((entry) => (
                <tr key={entry.id} data-testid="activity-entry">
                  <td className="px-4 py-3 whitespace-nowrap">
                    <time dateTime={entry.at}>{format.dateTime(new Date(entry.at), { dateStyle: 'medium', timeStyle: 'short' })}</time>
                  </td>
                  {accountNames ? (
                    <td className="px-4 py-3" data-testid="activity-account">
                      {(entry.accountId && accountNames[entry.accountId]) ?? entry.accountId ?? '—'}
                    </td>
                  ) : null}
                  <td className="px-4 py-3">{knownActions.includes(entry.action)
                      ? t(`action.${entry.action}`)
                      : helpdeskActions.includes(entry.action)
                        ? tGuided(`action.${entry.action}`)
                        : t('actionOther')}</td>
                  <td className="px-4 py-3">
                    {entry.accessKeyId ? (
                      <>
                        {entry.keyName ? <span className="block font-medium">{entry.keyName}</span> : null}
                        <code className="font-mono">{entry.accessKeyId}</code>
                      </>
                    ) : entry.mfaDevice ? (
                      <code className="font-mono break-all">{entry.mfaDevice}</code>
                    ) : (
                      <span className="text-slate-600">—</span>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <AuditOutcome outcome={entry.outcome} />
                  </td>
                  <td className="px-4 py-3">
                    {entry.byKagi
                      ? t('byKagi')
                      : entry.byOther
                      ? entry.ticket
                        ? t('byHelpdeskTicket', { name: entry.actorName, ticket: entry.ticket })
                        : t('byHelpdesk', { name: entry.actorName })
                      : entry.ticket
                        ? tGuided('byYouTicket', { ticket: entry.ticket })
                        : t('byYou')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
