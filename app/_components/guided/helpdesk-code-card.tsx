'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { helpdeskCodeStateQueryOptions, issueHelpdeskCode, type HelpdeskCode, type HelpdeskCodeState } from '@/lib/ui/my-helpdesk';
import { errorCodeOf } from '@/lib/ui/api-error';
import { useErrorText, ErrorAlert } from '../error-text';
import { FreshSignInNotice, useFreshSignIn, useResumeAfterSignIn } from '../fresh-sign-in';
import { buttonStyles, useNow } from '../helpdesk/controls';

/**
 * "Talking to the help desk?": a six-digit code the person reads out so the help desk knows it
 * is them. Shown large, digit by digit; it lasts ten minutes and is used once. The code is kept
 * in this component's state only (not in the query cache) and is forgotten when it expires.
 */
export function HelpdeskCodeCard() {
  const t = useTranslations('guided.code');
  const errorText = useErrorText();
  const [code, setCode] = useState<HelpdeskCode | null>(null);
  const [problem, setProblem] = useState('');
  const now = useNow(1_000);
  const codeRef = useRef<HTMLDivElement>(null);
  const issue = useMutation({ mutationFn: issueHelpdeskCode, gcTime: 0 });
  const format = useFormatter();

  const secondsLeft = code && now !== null ? Math.max(0, Math.round((new Date(code.expiresAt).getTime() - now) / 1000)) : null;
  const expired = secondsLeft === 0;
  // While a code is shown, ask whether the help desk has used it: then it says so, instead of counting down.
  const { data: state } = useQuery(helpdeskCodeStateQueryOptions(code && !expired ? code.issuedAt : null));
  const fate = code ? codeFate(code, state) : 'valid';

  // The code gives the help desk powers self-service keeps for a recent sign-in: it needs one too.
  const freshSignIn = useFreshSignIn();
  // Back from signing in again: the person had asked for the code, so it is shown at once.
  useResumeAfterSignIn('helpdesk-code', () => show());

  function show() {
    setProblem('');
    freshSignIn.dismiss();
    issue.mutate(undefined, {
      onSuccess: (issued) => {
        issue.reset();
        setCode(issued);
        window.setTimeout(() => codeRef.current?.focus(), 0);
      },
      onError: (error) => {
        if (errorCodeOf(error) === 'reauth-required') freshSignIn.require();
        else setProblem(errorText(error));
      },
    });
  }

  const minutes = secondsLeft === null ? 0 : Math.floor(secondsLeft / 60);
  const seconds = secondsLeft === null ? 0 : secondsLeft % 60;

  return (
    <section aria-labelledby="helpdesk-code-title" className="rounded-lg border border-slate-200 bg-white p-6" data-testid="helpdesk-code-card">
      <h2 id="helpdesk-code-title" className="text-lg font-semibold">
        {t('title')}
      </h2>
      <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>
      <p className="mt-2 max-w-3xl font-medium text-slate-900">{t('onlyWhenYouCalled')}</p>

      {/* An expired code is of no use to anyone: it leaves the page. */}
      {code && !expired && fate === 'used' && state?.lastUse ? (
        <div className="mt-4" data-testid="helpdesk-code-used">
          <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 font-medium text-green-900">
            {t('used', { agentName: state.lastUse.agentName, time: format.dateTime(new Date(state.lastUse.at), { timeStyle: 'short' }) })}
          </p>
          <p className="mt-3">
            <button type="button" className={buttonStyles.secondary} onClick={show} disabled={issue.isPending}>
              {t('newCode')}
            </button>
          </p>
        </div>
      ) : code && !expired && fate !== 'valid' ? (
        <div className="mt-4" data-testid="helpdesk-code-gone">
          <p role="status" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
            {t(fate === 'replaced' ? 'replaced' : 'noLongerWorks')}
          </p>
          <p className="mt-3">
            <button type="button" className={buttonStyles.secondary} onClick={show} disabled={issue.isPending}>
              {t('newCode')}
            </button>
          </p>
        </div>
      ) : code && !expired ? (
        <div className="mt-4">
          <div ref={codeRef} tabIndex={-1} role="group" className="outline-none" aria-labelledby="helpdesk-code-label">
            <p id="helpdesk-code-label" className="text-sm font-medium text-slate-700">
              {t('yourCode')}
            </p>
            <p id="helpdesk-code-digits" className="mt-1 flex gap-2 font-mono text-4xl font-bold tracking-normal text-slate-900" data-testid="helpdesk-code">
              {code.code.split('').map((digit, index) => (
                <span key={index} className={`inline-block w-10 rounded-md border border-slate-300 bg-slate-50 py-1 text-center ${index === 3 ? 'ml-3' : ''}`}>
                  {digit}
                  {index < code.code.length - 1 ? <span className="sr-only"> </span> : null}
                </span>
              ))}
            </p>
          </div>
          <p className="mt-3 text-slate-800" data-testid="helpdesk-code-expiry">
            {t('expiresIn', { minutes, seconds: String(seconds).padStart(2, '0') })}
          </p>
          <p className="mt-1 text-sm text-slate-700">{t('oneUse')}</p>
          <p className="mt-3">
            <button type="button" className={buttonStyles.secondary} onClick={show} disabled={issue.isPending}>
              {t('newCode')}
            </button>
          </p>
        </div>
      ) : (
        <div className="mt-4">
          {code && expired ? <p className="mb-2 text-amber-900">{t('expired')}</p> : null}
          {/* While a new sign-in is needed, its notice below is the way on. */}
          {freshSignIn.needed ? null : (
            <button type="button" className={buttonStyles.primary} onClick={show} disabled={issue.isPending}>
              {code ? t('newCode') : t('show')}
            </button>
          )}
        </div>
      )}
      {freshSignIn.needed ? <FreshSignInNotice flow="helpdesk-code" className="mt-4" /> : null}
      {problem ? (
        <ErrorAlert className="mt-3">
          {problem}
        </ErrorAlert>
      ) : null}
    </section>
  );
}

/** What became of the code on screen, by what the server says (`valid` until it has said). */
function codeFate(code: HelpdeskCode, state: HelpdeskCodeState | undefined): 'valid' | 'used' | 'replaced' | 'gone' {
  if (!state) return 'valid';
  if (state.current?.issuedAt === code.issuedAt) return 'valid';
  if (state.lastUse && state.lastUse.at >= code.issuedAt) return 'used';
  return state.current ? 'replaced' : 'gone';
}
