'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { withAccount } from '@/lib/ui/account';
import { userSearchQueryOptions } from '@/lib/ui/helpdesk-search';
import { AppLink } from '../app-link';
import { useErrorText, ErrorAlert } from '../error-text';
import { useRefusalText } from './words';

const DEBOUNCE_MS = 300;

/**
 * Finding the person on the phone: a search box (debounced, kept in the address so Back
 * returns to the same results) for a name, an address or an AWS user name, and the matches,
 * each either a link to the person (with the name and address they signed in with) or the
 * reason, in words, why this agent cannot help them. With several AWS accounts (`accountLabels`)
 * every account is searched at once: each hit names its account and opens the person's page there.
 */
export function UserSearch({ initialQuery, accountLabels = null }: { initialQuery: string; accountLabels?: Record<string, string> | null }) {
  const t = useTranslations('helpdesk.search');
  const refusalText = useRefusalText();
  const errorText = useErrorText();
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const [typed, setTyped] = useState(initialQuery);
  const [query, setQuery] = useState(initialQuery.trim());

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const next = typed.trim();
      setQuery(next);
      router.replace(next ? `${pathname}?q=${encodeURIComponent(next)}` : pathname, { scroll: false });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [typed, pathname, router]);

  const { data, error, isFetching } = useQuery({
    ...userSearchQueryOptions(query),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
  });
  const shown = query.length > 0 ? data : undefined;

  let summary = '';
  if (query.length === 0) summary = '';
  else if (error) summary = '';
  else if (shown) summary = shown.total > shown.users.length ? t('moreResults', { shown: shown.users.length, total: shown.total }) : t('results', { count: shown.total });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>
      </div>
      <form role="search" onSubmit={(event) => event.preventDefault()} className="max-w-xl">
        <label htmlFor={`${id}-q`} className="block font-medium">
          {t('label')}
        </label>
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {t('hint')}
        </p>
        <input
          id={`${id}-q`}
          type="search"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 text-base focus:border-blue-700 focus:outline-none focus:ring-2 focus:ring-blue-700"
        />
      </form>

      <p role="status" className="min-h-6 text-slate-800" data-testid="search-summary">
        {isFetching && !shown ? t('searching') : summary}
      </p>
      {error ? (
        <ErrorAlert>
          {errorText(error)}
        </ErrorAlert>
      ) : null}

      {shown && shown.users.length > 0 ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label={t('resultsLabel')}>
          {shown.users.map((user) => (
            <li key={`${user.accountId ?? ''}/${user.userName}`} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3" data-testid="search-result">
              <span className="flex min-w-0 flex-col">
                {user.refusal === null ? (
                  <AppLink href={withAccount(`/helpdesk/${encodeURIComponent(user.userName)}`, user.accountId ?? null)} className="font-mono text-lg font-semibold text-blue-700 underline hover:text-blue-900">
                    {user.userName}
                  </AppLink>
                ) : (
                  <span className="font-mono text-lg text-slate-800">{user.userName}</span>
                )}
                {user.name || user.email ? (
                  <span className="text-slate-800" data-testid="search-result-person">
                    {[user.name, user.email].filter(Boolean).join(' · ')}
                  </span>
                ) : null}
                {accountLabels && user.accountId ? (
                  <span className="font-medium break-words text-slate-900" data-testid="search-result-account">
                    {t('account', { account: accountLabels[user.accountId] ?? user.accountName ?? user.accountId })}
                  </span>
                ) : null}
              </span>
              <span className="text-sm text-slate-700">{t('path', { path: user.path })}</span>
              {user.refusal !== null ? (
                <p className="w-full text-sm text-amber-950">
                  <span className="mr-2 inline-block rounded-full border border-amber-400 bg-amber-50 px-2 py-0.5 font-medium">{t('cannotHelp')}</span>
                  {refusalText(user.refusal)}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
