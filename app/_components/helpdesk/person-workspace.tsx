'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useRef, useState } from 'react';
import { personOverviewQueryOptions, type HelpdeskCase, type PersonOverview } from '@/lib/ui/helpdesk';
import { useErrorText, ErrorAlert } from '../error-text';
import { LiveRegions, useLiveMessages } from '../live-regions';
import { CaseBanner } from './case-banner';
import { GuidedAgent } from './guided-agent';
import { HelpdeskActions } from './helpdesk-actions';
import { PersonOverviewPanel } from './person-overview';
import { VerifyForm } from './verify-form';

/**
 * One person, as the agent sees them: the overview first, then verification; only an open
 * case (kept in this component's state: leaving the page ends it here) unlocks the actions
 * and the guided reset.
 */
export function PersonWorkspace({ initialOverview }: { initialOverview: PersonOverview }) {
  const t = useTranslations('helpdesk.person');
  const errorText = useErrorText();
  const userName = initialOverview.userName;
  const { data: overview = initialOverview, error } = useQuery({ ...personOverviewQueryOptions(userName), initialData: initialOverview });
  const [helpdeskCase, setHelpdeskCase] = useState<HelpdeskCase | null>(null);
  const live = useLiveMessages();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { announce, fail } = live;

  const onVerified = useCallback(
    (opened: HelpdeskCase) => {
      setHelpdeskCase(opened);
      announce(t('verified', { userName: opened.subject, ticket: opened.ticket }));
    },
    [announce, t],
  );
  const onCaseExpired = useCallback(() => {
    setHelpdeskCase(null);
    fail(t('caseExpired'));
    headingRef.current?.focus();
  }, [fail, t]);

  return (
    <div className="space-y-6">
      <p>
        <Link href="/helpdesk" className="text-blue-700 underline hover:text-blue-900">
          {t('back')}
        </Link>
      </p>
      <div>
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold outline-none">
          {t('title', { userName })}
        </h1>
        <p className="mt-1 text-slate-700">{t('path', { path: overview.path })}</p>
      </div>
      <LiveRegions status={live.status} problem={live.problem} />
      {error ? (
        <ErrorAlert>
          {t('refreshFailed', { reason: errorText(error) })}
        </ErrorAlert>
      ) : null}

      <PersonOverviewPanel overview={overview} part="credentials" />

      {helpdeskCase ? (
        <>
          <CaseBanner helpdeskCase={helpdeskCase} onExpired={onCaseExpired} onEnd={() => setHelpdeskCase(null)} />
          <HelpdeskActions overview={overview} helpdeskCase={helpdeskCase} onCaseExpired={onCaseExpired} announce={announce} fail={fail} />
          <GuidedAgent overview={overview} helpdeskCase={helpdeskCase} onCaseExpired={onCaseExpired} />
        </>
      ) : (
        <VerifyForm userName={userName} onVerified={onVerified} />
      )}

      <PersonOverviewPanel overview={overview} part="activity" />
    </div>
  );
}
