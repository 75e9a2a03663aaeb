'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { PersonOverview } from '@/lib/ui/helpdesk';
import { RotationBadge, StatusBadge } from '../keys/key-badges';
import { useActionName } from './words';
import { AuditOutcome } from '../audit-outcome';
import { useDeviceTitle } from '../mfa/device-title';

/**
 * What the agent sees of the person: credential state, never a secret. In two parts, so the
 * page can put verification between the credentials and the (longer) activity list.
 */
export function PersonOverviewPanel({ overview, part }: { overview: PersonOverview; part: 'credentials' | 'activity' }) {
  const t = useTranslations('helpdesk.overview');
  const format = useFormatter();
  const actionName = useActionName();
  const date = (value: string) => format.dateTime(new Date(value), { dateStyle: 'medium' });
  const dateTime = (value: string) => format.dateTime(new Date(value), { dateStyle: 'medium', timeStyle: 'short' });
  const password = overview.consolePassword;
  const tMfa = useTranslations('mfa');
  const deviceTitle = useDeviceTitle();

  if (part === 'credentials') {
    return (
      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="overview-console" className="rounded-lg border border-slate-200 bg-white p-5" data-testid="overview-console">
          <h2 id="overview-console" className="text-lg font-semibold">
            {t('consoleTitle')}
          </h2>
          <dl className="mt-3 space-y-2 text-sm">
            <div className="flex flex-wrap gap-x-2">
              <dt className="font-medium text-slate-700">{t('consoleSignIn')}</dt>
              <dd>{password.enabled ? t('on') : t('off')}</dd>
            </div>
            {password.enabled ? (
              <>
                <div className="flex flex-wrap gap-x-2">
                  <dt className="font-medium text-slate-700">{t('passwordAge')}</dt>
                  <dd>
                    {password.ageDays === null
                      ? t('unknown')
                      : t('ageDays', { days: password.ageDays })}
                    {password.setAt ? ` ${t('setOn', { date: date(password.setAt) })}` : ''}
                    {password.maxAgeDays ? ` · ${t('maxAge', { days: password.maxAgeDays })}` : ''}
                  </dd>
                </div>
                <div className="flex flex-wrap gap-x-2">
                  <dt className="font-medium text-slate-700">{t('resetRequired')}</dt>
                  <dd>{password.resetRequired ? t('resetRequiredYes') : t('resetRequiredNo')}</dd>
                </div>
              </>
            ) : null}
            <div className="flex flex-wrap gap-x-2">
              <dt className="font-medium text-slate-700">{t('lastConsoleSignIn')}</dt>
              <dd>{overview.passwordLastUsed ? dateTime(overview.passwordLastUsed) : t('never')}</dd>
            </div>
            <div className="flex flex-wrap gap-x-2">
              <dt className="font-medium text-slate-700">{t('userSince')}</dt>
              <dd>{date(overview.createDate)}</dd>
            </div>
          </dl>
        </section>

        <section aria-labelledby="overview-mfa" className="rounded-lg border border-slate-200 bg-white p-5" data-testid="overview-mfa">
          <h2 id="overview-mfa" className="text-lg font-semibold">
            {t('mfaTitle', { count: overview.mfaDevices.length })}
          </h2>
          {overview.mfaDevices.length === 0 ? (
            <p className="mt-3 text-sm text-slate-700">{t('noMfa')}</p>
          ) : (
            <ul className="mt-3 space-y-3">
              {overview.mfaDevices.map((device) => (
                <li key={device.name} className="rounded-md border border-slate-100 p-3 text-sm" aria-label={deviceTitle(device)} data-testid="overview-mfa-device">
                  <p className="font-medium">{deviceTitle(device)}</p>
                  <p className="mt-1 text-slate-700">
                    {tMfa(`kind.${device.kind}`)} · {t('mfaAdded', { date: date(device.enabledAt) })} · <code className="font-mono">{device.name}</code>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="overview-keys" className="rounded-lg border border-slate-200 bg-white p-5" data-testid="overview-keys">
          <h2 id="overview-keys" className="text-lg font-semibold">
            {t('keysTitle', { count: overview.accessKeys.length })}
          </h2>
          {overview.accessKeys.length === 0 ? (
            <p className="mt-3 text-sm text-slate-700">{t('noKeys')}</p>
          ) : (
            <ul className="mt-3 space-y-3">
              {overview.accessKeys.map((key) => (
                <li key={key.accessKeyId} className="rounded-md border border-slate-100 p-3 text-sm" aria-label={t('keyLabel', { accessKeyId: key.accessKeyId })} data-testid="overview-key">
                  <p className="flex flex-wrap items-center gap-3">
                    <code className="font-mono text-base">{key.accessKeyId}</code>
                    <StatusBadge status={key.status} />
                    <RotationBadge rotation={key.rotation} />
                  </p>
                  {key.description ? (
                    <p className="mt-1 font-medium text-slate-900" data-testid="overview-key-name">
                      {t('keyName', { name: key.description })}
                    </p>
                  ) : null}
                  <p className="mt-1 text-slate-700">
                    {t('keyAge', { days: key.ageDays, date: date(key.createDate) })}
                    {' · '}
                    {key.lastUsed
                      ? t('keyLastUsed', { date: dateTime(key.lastUsed.date), service: key.lastUsed.serviceName ?? '—' })
                      : t('keyNeverUsed')}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    );
  }

  return (
    <section aria-labelledby="overview-activity" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="overview-activity" className="text-lg font-semibold">
        {t('activityTitle')}
      </h2>
      {overview.recentActivity.length === 0 ? (
        <p className="mt-3 text-sm text-slate-700">{t('noActivity')}</p>
      ) : (
        // On a phone the table scrolls inside its box: focusable and named, so a keyboard can scroll it too.
        <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label={t('activityCaption', { userName: overview.userName })}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('activityCaption', { userName: overview.userName })}</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">{t('when')}</th>
                <th scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">{t('what')}</th>
                <th scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">{t('key')}</th>
                <th scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">{t('by')}</th>
                <th scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">{t('ticket')}</th>
                <th scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">{t('result')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {overview.recentActivity.map((entry) => (
                <tr key={entry.id} data-testid="overview-activity-entry">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                  </td>
                  <td className="px-3 py-2">{actionName(entry.action)}</td>
                  <td className="px-3 py-2">{entry.accessKeyId || entry.mfaDevice ? <code className="font-mono break-all">{entry.accessKeyId ?? entry.mfaDevice}</code> : '—'}</td>
                  <td className="px-3 py-2">{entry.actorName}</td>
                  <td className="px-3 py-2">{entry.ticket ?? '—'}</td>
                  <td className="px-3 py-2">
                    <AuditOutcome outcome={entry.outcome} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
