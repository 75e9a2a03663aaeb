'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useId, useState, type FormEvent } from 'react';
import { AUDIT_ACTIONS } from '@/lib/ui/audit-actions';
import { auditCsvHref, auditQueryOptions, auditSearchParams, emptyAuditFilters, type AuditFilters } from '@/lib/ui/helpdesk-audit';
import { useErrorText, ErrorAlert } from '../error-text';
import { buttonStyles, inputStyles, useActionName, VerificationText } from './words';
import { AuditOutcome } from '../audit-outcome';

/**
 * The whole audit log for agents: filters (kept in the address), a table, and a CSV export of
 * the same. With several AWS accounts (`accountLabels`) every row names its account.
 */
export function AuditView({ initialFilters, accountLabels = null }: { initialFilters: AuditFilters; accountLabels?: Record<string, string> | null }) {
  const t = useTranslations('helpdesk.audit');
  const tAccounts = useTranslations('accounts');
  const format = useFormatter();
  const actionName = useActionName();
  const errorText = useErrorText();
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>(initialFilters);
  const [filters, setFilters] = useState<AuditFilters>(initialFilters);
  const { data, error, isFetching } = useQuery({ ...auditQueryOptions(filters), placeholderData: keepPreviousData });

  function apply(next: AuditFilters) {
    setFilters(next);
    const query = auditSearchParams(next).toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply(draft);
  }

  const field = (name: keyof AuditFilters) => ({
    id: `${id}-${name}`,
    name,
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value })),
  });

  const textFilters = [
    { name: 'person', label: t('filters.person') },
    { name: 'agent', label: t('filters.agent') },
    { name: 'ticket', label: t('filters.ticket') },
  ] as const;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>
      </div>

      <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-5" aria-labelledby={`${id}-filters`}>
        <h2 id={`${id}-filters`} className="text-lg font-semibold">
          {t('filters.title')}
        </h2>
        <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {textFilters.map((filter) => (
            <div key={filter.name}>
              <label htmlFor={`${id}-${filter.name}`} className="block text-sm font-medium">
                {filter.label}
              </label>
              <input type="text" autoComplete="off" spellCheck={false} maxLength={64} className={inputStyles} {...field(filter.name)} />
            </div>
          ))}
          <div>
            <label htmlFor={`${id}-action`} className="block text-sm font-medium">
              {t('filters.action')}
            </label>
            <select className={inputStyles} {...field('action')}>
              <option value="">{t('filters.anyAction')}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {actionName(action)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-from`} className="block text-sm font-medium">
              {t('filters.from')}
            </label>
            <input type="date" className={inputStyles} {...field('from')} />
          </div>
          <div>
            <label htmlFor={`${id}-to`} className="block text-sm font-medium">
              {t('filters.to')}
            </label>
            <input type="date" className={inputStyles} {...field('to')} />
          </div>
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonStyles.primary}>
            {t('filters.apply')}
          </button>
          <button
            type="button"
            className={buttonStyles.secondary}
            onClick={() => {
              setDraft(emptyAuditFilters);
              apply(emptyAuditFilters);
            }}
          >
            {t('filters.clear')}
          </button>
          <a href={auditCsvHref(filters)} download className={buttonStyles.secondary} data-testid="audit-csv">
            {t('export')}
          </a>
        </div>
        <p className="mt-2 text-sm text-slate-700">{t('exportHint')}</p>
      </form>

      <p role="status" className="min-h-6" data-testid="audit-summary">
        {isFetching && !data ? t('loading') : data ? t('count', { count: data.entries.length }) : ''}
      </p>
      {error ? (
        <ErrorAlert>
          {errorText(error)}
        </ErrorAlert>
      ) : null}

      {data && data.entries.length > 0 ? (
        // The table scrolls inside its box (on a phone, and with the account column): focusable and named, so a keyboard can scroll it too.
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label={t('caption')}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('caption')}</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                {(['when', 'actor', 'subject'] as const).map((column) => (
                  <th key={column} scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">
                    {t(`columns.${column}`)}
                  </th>
                ))}
                {/* Beside the person: which of their accounts the change was made in. */}
                {accountLabels ? (
                  <th scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">
                    {tAccounts('column')}
                  </th>
                ) : null}
                {(['action', 'key', 'ticket', 'verification', 'outcome'] as const).map((column) => (
                  <th key={column} scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">
                    {t(`columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-entry">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <time dateTime={entry.at}>{format.dateTime(new Date(entry.at), { dateStyle: 'medium', timeStyle: 'medium' })}</time>
                  </td>
                  <td className="px-3 py-2">
                    {entry.actorName}
                    <span className="block font-mono text-xs text-slate-700">{entry.actor}</span>
                  </td>
                  <td className="px-3 py-2 font-mono">{entry.subject}</td>
                  {accountLabels ? (
                    <td className="px-3 py-2" data-testid="audit-entry-account">
                      {entry.accountId ? (accountLabels[entry.accountId] ?? entry.accountId) : '—'}
                    </td>
                  ) : null}
                  <td className="px-3 py-2">{actionName(entry.action)}</td>
                  <td className="px-3 py-2">
                    {/* As the person's activity shows a key: its name (a deleted key's too), then its ID. */}
                    {entry.accessKeyId && entry.keyName ? <span className="block font-medium">{entry.keyName}</span> : null}
                    {entry.accessKeyId ? <code className="font-mono">{entry.accessKeyId}</code> : '—'}
                  </td>
                  <td className="px-3 py-2">{entry.ticket ?? '—'}</td>
                  <td className="px-3 py-2">
                    <VerificationText verification={entry.verification} />
                  </td>
                  <td className="px-3 py-2">
                    <AuditOutcome outcome={entry.outcome} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : data ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{t('none')}</p>
      ) : null}
    </div>
  );
}
