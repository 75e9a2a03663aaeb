'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { GUIDED_STEPS, type GuidedStep } from '@/lib/helpdesk/rules';
import { errorCodeOf } from '@/lib/ui/api-error';
import { useAccountId } from '@/lib/ui/account-context';
import { personOverviewQueryOptions, type HelpdeskCase, type PersonOverview } from '@/lib/ui/helpdesk';
import { cancelGuidedSession, guidedSessionQueryKey, guidedSessionQueryOptions, startGuidedSession } from '@/lib/ui/helpdesk-changes';
import type { GuidedSession } from '@/lib/ui/my-helpdesk';
import { useErrorText, ErrorAlert } from '../error-text';
import { StepStateBadge } from '../guided/step-state';
import { buttonStyles } from './words';

/**
 * The guided reset, agent's side: choose the steps, start, then watch the person's progress
 * live (the page polls while the session is open; an aria-live region says what changed).
 * The agent never sees the person's new password or secret: only that a step is done.
 */
export function GuidedAgent({
  overview,
  helpdeskCase,
  onCaseExpired,
  initialSessionId,
}: {
  overview: PersonOverview;
  helpdeskCase: HelpdeskCase;
  onCaseExpired: () => void;
  /** A guided reset already started under this case (the page was reloaded). */
  initialSessionId: string | null;
}) {
  const t = useTranslations('helpdesk.guided');
  const tSteps = useTranslations('guided.steps');
  const errorText = useErrorText();
  const id = useId();
  const queryClient = useQueryClient();
  const account = useAccountId();
  const [sessionId, setSessionId] = useState<string | null>(initialSessionId);
  const [chosen, setChosen] = useState<GuidedStep[]>([]);
  const [problem, setProblem] = useState('');

  const unavailable: Partial<Record<GuidedStep, string>> = {};
  if (!overview.consolePassword.enabled) unavailable['set-console-password'] = t('needsConsole');
  if (overview.accessKeys.length === 0) {
    unavailable['rotate-access-key'] = t('needsKey');
    unavailable['remove-unused-key'] = t('needsKey');
  }

  const start = useMutation({ mutationFn: startGuidedSession });

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem('');
    const steps = GUIDED_STEPS.filter((step) => chosen.includes(step));
    if (steps.length === 0) {
      setProblem(t('chooseOne'));
      return;
    }
    start.mutate(
      { userName: overview.userName, caseId: helpdeskCase.id, steps, account },
      {
        onSuccess: (session) => {
          queryClient.setQueryData(guidedSessionQueryKey(session.id, account), session);
          setSessionId(session.id);
          setChosen([]);
        },
        onError: (error) => {
          if (errorCodeOf(error) === 'case-expired') onCaseExpired();
          else setProblem(errorText(error));
        },
      },
    );
  }

  if (sessionId) {
    return <GuidedProgress sessionId={sessionId} userName={overview.userName} onClose={() => setSessionId(null)} />;
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-6" data-testid="guided-start">
      <h2 id={`${id}-title`} className="text-xl font-semibold">
        {t('title')}
      </h2>
      <p className="mt-2 max-w-3xl text-slate-700">{t('intro', { userName: overview.userName })}</p>
      <form onSubmit={submit} noValidate className="mt-4 space-y-4">
        <fieldset aria-describedby={problem ? `${id}-problem` : undefined}>
          <legend className="font-medium">{t('stepsLegend')}</legend>
          <div className="mt-2 space-y-2">
            {GUIDED_STEPS.map((step) => {
              const reason = unavailable[step];
              return (
                <label key={step} className="flex items-start gap-3">
                  <input
                    type="checkbox"
                    checked={chosen.includes(step)}
                    disabled={!!reason}
                    aria-describedby={reason ? `${id}-${step}-reason` : undefined}
                    onChange={(event) => setChosen((list) => (event.target.checked ? [...list, step] : list.filter((s) => s !== step)))}
                    className="mt-1 h-5 w-5 accent-blue-700"
                  />
                  <span>
                    <span className="font-medium">{tSteps(`${step}.agent`)}</span>
                    <span className="block text-sm text-slate-700">{tSteps(`${step}.agentHint`)}</span>
                    {reason ? (
                      <span id={`${id}-${step}-reason`} className="block text-sm text-amber-900">
                        {reason}
                      </span>
                    ) : null}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
        {problem ? (
          <ErrorAlert id={`${id}-problem`}>
            {problem}
          </ErrorAlert>
        ) : null}
        <p className="text-sm text-slate-700">{t('privacy')}</p>
        <button type="submit" className={buttonStyles.primary} disabled={start.isPending}>
          {start.isPending ? t('starting') : t('start')}
        </button>
      </form>
    </section>
  );
}

function changeMessages(before: GuidedSession | undefined, after: GuidedSession, describe: (step: GuidedStep, state: string) => string, statusText: (status: GuidedSession['status']) => string): string[] {
  if (!before) return [];
  const messages: string[] = [];
  for (const step of after.steps) {
    const previous = before.steps.find((s) => s.step === step.step);
    if (previous && previous.state !== step.state) messages.push(describe(step.step, step.state));
  }
  if (before.status !== after.status) messages.push(statusText(after.status));
  return messages;
}

function GuidedProgress({ sessionId, userName, onClose }: { sessionId: string; userName: string; onClose: () => void }) {
  const t = useTranslations('helpdesk.guided');
  const tSteps = useTranslations('guided.steps');
  const tState = useTranslations('guided.state');
  const format = useFormatter();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const account = useAccountId();
  const { data: session, error } = useQuery(guidedSessionQueryOptions(sessionId, account));
  const previous = useRef<GuidedSession | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState('');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!session) return;
    const messages = changeMessages(
      previous.current,
      session,
      (step, state) => t('stepChanged', { step: tSteps(`${step}.agent`), state: tState(state as 'done') }),
      (status) => t(`statusChanged.${status}`),
    );
    previous.current = session;
    if (messages.length > 0) {
      setAnnouncement(messages.join(' '));
      // The overview shows the person's keys and password: refresh it as they change things
      // (the person's doing, not the agent's: a background request).
      void queryClient.prefetchQuery({ ...personOverviewQueryOptions(userName, account, { background: true }), staleTime: 0 });
    }
  }, [session, t, tSteps, tState, queryClient, userName, account]);

  const cancel = useMutation({
    mutationFn: cancelGuidedSession,
    onSuccess: (cancelled) => {
      queryClient.setQueryData(guidedSessionQueryKey(sessionId, account), cancelled);
      setConfirmCancel(false);
    },
    onError: (err) => setProblem(errorText(err)),
  });

  return (
    <section aria-labelledby="guided-progress-title" className="rounded-lg border border-blue-300 bg-white p-6" data-testid="guided-progress">
      <h2 id="guided-progress-title" ref={headingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
        {t('progressTitle', { userName })}
      </h2>
      {session ? (
        <>
          <p className="mt-2 text-slate-700">
            {t('progressMeta', {
              ticket: session.ticket,
              time: format.dateTime(new Date(session.expiresAt), { timeStyle: 'short' }),
            })}
          </p>
          <p className="mt-3 font-medium" data-testid="guided-status">
            {t(`status.${session.status}`)}
          </p>
          {session.status === 'open' ? <p className="mt-1 text-sm text-slate-700">{t('tellPerson')}</p> : null}
          <ol className="mt-4 space-y-3">
            {session.steps.map(({ step, state }, index) => (
              <li key={step} className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-200 p-3" data-testid="guided-step" data-step={step} data-state={state}>
                <span className="font-medium">
                  {index + 1}. {tSteps(`${step}.agent`)}
                </span>
                <StepStateBadge state={state} />
              </li>
            ))}
          </ol>
        </>
      ) : error ? (
        <p role="alert" className="mt-3 text-red-900">
          {errorText(error)}
        </p>
      ) : null}

      <p role="status" aria-live="polite" className="sr-only" data-testid="guided-announcement">
        {announcement}
      </p>
      {problem ? (
        <ErrorAlert className="mt-3">
          {problem}
        </ErrorAlert>
      ) : null}

      <div className="mt-5 flex flex-wrap gap-3">
        {session?.status === 'open' ? (
          confirmCancel ? (
            <div className="flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 p-3">
              <p className="text-sm text-red-950">{t('cancelQuestion')}</p>
              <button type="button" className={buttonStyles.danger} disabled={cancel.isPending} onClick={() => cancel.mutate({ id: sessionId, account })}>
                {t('cancelConfirm')}
              </button>
              <button type="button" className={buttonStyles.secondary} onClick={() => setConfirmCancel(false)}>
                {t('cancelKeep')}
              </button>
            </div>
          ) : (
            <button type="button" className={buttonStyles.secondary} onClick={() => setConfirmCancel(true)}>
              {t('cancel')}
            </button>
          )
        ) : (
          <button type="button" className={buttonStyles.secondary} onClick={onClose}>
            {t('startAnother')}
          </button>
        )}
      </div>
    </section>
  );
}
