'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { withAccount } from '@/lib/ui/account';
import { useAccountId } from '@/lib/ui/account-context';
import { errorCodeOf } from '@/lib/ui/api-error';
import { endCase, personOverviewQueryOptions, type HelpdeskCase, type PersonOverview } from '@/lib/ui/helpdesk';
import { AppLink } from '../app-link';
import { useErrorText, ErrorAlert } from '../error-text';
import { LiveRegions, useLiveMessages } from '../live-regions';
import { PersonOverviewPanel } from './person-overview';
import { VerifyForm } from './verify-form';

// What only an open case shows is loaded once there is one (at once when the page opens on
// one): an agent who only looks, or has yet to verify, downloads none of it (bench:pages).
// React.lazy rather than next/dynamic, which would add its own loader to the page.
const CaseBanner = lazy(() => import('./case-banner').then((m) => ({ default: m.CaseBanner })));
const ApprovalWait = lazy(() => import('./approval-wait').then((m) => ({ default: m.ApprovalWait })));
const HelpdeskActions = lazy(() => import('./helpdesk-actions').then((m) => ({ default: m.HelpdeskActions })));
const GuidedAgent = lazy(() => import('./guided-agent').then((m) => ({ default: m.GuidedAgent })));

/**
 * One person, as the agent sees them: the overview first, then verification; only an open
 * case unlocks the actions and the guided reset (a case verified another way only once a
 * second agent has approved it). The case lives on the server, so a reload
 * finds it (and a guided reset under way) again until the agent ends it or it runs out.
 * With several AWS accounts the page is about one of them (AccountScope, `?account=`): it says
 * which, in the header and the case banner, every request names it, and it links to the same
 * person's page in their other accounts (`accountLabel` null: one account, nothing shown).
 */
export function PersonWorkspace({
  initialOverview,
  initialCase,
  initialGuidedSessionId,
  accountLabel,
  otherAccounts,
}: {
  initialOverview: PersonOverview;
  initialCase: HelpdeskCase | null;
  initialGuidedSessionId: string | null;
  accountLabel: string | null;
  otherAccounts: { id: string; label: string }[];
}) {
  const t = useTranslations('helpdesk.person');
  const errorText = useErrorText();
  const userName = initialOverview.userName;
  const account = useAccountId();
  const { data: overview = initialOverview, error } = useQuery({ ...personOverviewQueryOptions(userName, account), initialData: initialOverview });
  const [helpdeskCase, setHelpdeskCase] = useState<HelpdeskCase | null>(initialCase);
  const live = useLiveMessages();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { announce, fail } = live;

  const onVerified = useCallback(
    (opened: HelpdeskCase) => {
      setHelpdeskCase(opened);
      announce(t(opened.approval === 'waiting' ? 'verifiedAwaitingApproval' : 'verified', { userName: opened.subject, ticket: opened.ticket }));
    },
    [announce, t],
  );
  const onApproved = useCallback(
    (approved: HelpdeskCase) => {
      setHelpdeskCase(approved);
      announce(t('approved', { name: approved.approvedByName ?? '' }));
    },
    [announce, t],
  );
  const onCaseExpired = useCallback(() => {
    setHelpdeskCase(null);
    fail(t('caseExpired'));
    headingRef.current?.focus();
  }, [fail, t]);

  const end = useMutation({ mutationFn: endCase });
  const onEnd = () => {
    if (!helpdeskCase) return;
    end.mutate(
      { userName, caseId: helpdeskCase.id, account },
      {
        onSuccess: () => {
          setHelpdeskCase(null);
          announce(t('caseEnded', { userName }));
          headingRef.current?.focus();
        },
        onError: (endError) => {
          if (errorCodeOf(endError) === 'case-expired') onCaseExpired();
          else fail(t('caseEndFailed', { reason: errorText(endError) }));
        },
      },
    );
  };

  return (
    <div className="space-y-6">
      <p>
        <AppLink href="/helpdesk" className="text-blue-700 underline hover:text-blue-900">
          {t('back')}
        </AppLink>
      </p>
      <div>
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold outline-none">
          {t('title', { userName })}
        </h1>
        {accountLabel ? (
          <p className="mt-2 inline-block rounded-md border-2 border-blue-700 bg-blue-50 px-3 py-1 font-semibold break-words text-blue-950" data-testid="person-account">
            {t('account', { account: accountLabel })}
          </p>
        ) : null}
        <p className="mt-1 text-slate-700">{t('path', { path: overview.path })}</p>
        {otherAccounts.length > 0 ? (
          <nav aria-label={t('otherAccountsLabel')} className="mt-2 text-slate-800" data-testid="person-other-accounts">
            {t('otherAccounts', { userName })}
            {/* A space after the English colon, none after the Japanese full-width one. */}
            {t('otherAccountsGap')}
            {otherAccounts.map((other, index) => (
              <span key={other.id}>
                {index > 0 ? t('listSeparator') : null}
                <AppLink href={withAccount(`/helpdesk/${encodeURIComponent(userName)}`, other.id)} className="inline-block max-w-full break-words text-blue-700 underline hover:text-blue-900">
                  {other.label}
                </AppLink>
              </span>
            ))}
          </nav>
        ) : null}
      </div>
      <LiveRegions status={live.status} problem={live.problem} />
      {error ? (
        <ErrorAlert>
          {t('refreshFailed', { reason: errorText(error) })}
        </ErrorAlert>
      ) : null}

      <PersonOverviewPanel overview={overview} part="credentials" />

      <Suspense fallback={null}>
        {helpdeskCase?.approval === 'waiting' ? (
          <>
            <CaseBanner helpdeskCase={helpdeskCase} accountLabel={accountLabel} onExpired={onCaseExpired} onEnd={onEnd} ending={end.isPending} />
            <ApprovalWait helpdeskCase={helpdeskCase} onApproved={onApproved} />
          </>
        ) : helpdeskCase ? (
          <>
            <CaseBanner helpdeskCase={helpdeskCase} accountLabel={accountLabel} onExpired={onCaseExpired} onEnd={onEnd} ending={end.isPending} />
            <HelpdeskActions overview={overview} helpdeskCase={helpdeskCase} onCaseExpired={onCaseExpired} announce={announce} fail={fail} />
            <GuidedAgent key={helpdeskCase.id} overview={overview} helpdeskCase={helpdeskCase} onCaseExpired={onCaseExpired} initialSessionId={helpdeskCase.id === initialCase?.id ? initialGuidedSessionId : null} />
          </>
        ) : (
          <VerifyForm userName={userName} onVerified={onVerified} />
        )}
      </Suspense>

      <PersonOverviewPanel overview={overview} part="activity" />
    </div>
  );
}
