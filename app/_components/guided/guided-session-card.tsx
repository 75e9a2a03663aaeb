'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import type { GuidedStep } from '@/lib/helpdesk/rules';
import { myGuidedSessionQueryOptions } from '@/lib/ui/my-helpdesk';
import { AppLink } from '../app-link';
import { StepStateBadge } from './step-state';

const stepLinks: Record<GuidedStep, `/${string}`> = {
  'set-console-password': '/password',
  'rotate-access-key': '/keys/rotate',
  'remove-unused-key': '/keys',
  'set-up-mfa': '/mfa',
};

/**
 * The person's side of a guided reset: what the help desk asked for, each step's state, and
 * the way to the right page. Polled, so it appears while the person is on the phone; nothing
 * shows when there is no open session.
 */
export function GuidedSessionCard() {
  const t = useTranslations('guided.card');
  const tSteps = useTranslations('guided.steps');
  const format = useFormatter();
  const { data } = useQuery(myGuidedSessionQueryOptions());
  const session = data?.session ?? null;

  return (
    <div aria-live="polite">
      {session ? (
        <section aria-labelledby="guided-title" className="rounded-lg border-2 border-blue-600 bg-blue-50 p-6" data-testid="guided-card">
          <h2 id="guided-title" className="text-lg font-semibold text-blue-950">
            {t('title')}
          </h2>
          <p className="mt-2 text-slate-900">{t('asked', { agentName: session.agentName, ticket: session.ticket })}</p>
          <ol className="mt-4 space-y-3">
            {session.steps.map(({ step, state }, index) => (
              <li key={step} className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-blue-200 bg-white p-3" data-testid="guided-card-step" data-step={step}>
                <span>
                  <span className="font-medium">
                    {index + 1}. {tSteps(`${step}.person`)}
                  </span>
                  <span className="block text-sm text-slate-700">{tSteps(`${step}.personHint`)}</span>
                </span>
                <span className="flex flex-wrap items-center gap-3">
                  <StepStateBadge state={state} />
                  {state !== 'done' ? (
                    // It appears through a background poll: a prefetch would count as the person's activity.
                    <AppLink href={stepLinks[step]} prefetch={false} className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-800">
                      {tSteps(`${step}.go`)}
                    </AppLink>
                  ) : null}
                </span>
              </li>
            ))}
          </ol>
          <p className="mt-4 text-sm text-slate-800">{t('privacy')}</p>
          <p className="mt-1 text-sm text-slate-700">
            {t('until', { time: format.dateTime(new Date(session.expiresAt), { timeStyle: 'short' }) })} {t('notYou')}
          </p>
        </section>
      ) : null}
    </div>
  );
}
