'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useRef, useState, type FormEvent } from 'react';
import { OTHER_METHOD_MAX_LENGTH, OTHER_METHOD_MIN_LENGTH, otherMethodProblem, ticketProblem } from '@/lib/helpdesk/rules';
import { errorCodeOf } from '@/lib/ui/api-error';
import { useAccountId } from '@/lib/ui/account-context';
import { openCase, VerificationFailedError, type HelpdeskCase } from '@/lib/ui/helpdesk';
import { useErrorText, useRetryTime } from '../error-text';
import { WarningIcon } from '../keys/icons';
import { buttonStyles, inputStyles } from './words';

type Method = 'code' | 'other';

/**
 * Verification before any action: the ticket, and either the person's help-desk code (the
 * strong way) or a description of how else the agent checked who they are (weaker, and
 * recorded word for word in the audit log).
 */
export function VerifyForm({ userName, onVerified }: { userName: string; onVerified: (helpdeskCase: HelpdeskCase) => void }) {
  const t = useTranslations('helpdesk.verify');
  const errorText = useErrorText();
  const retryTime = useRetryTime();
  const id = useId();
  const [ticket, setTicket] = useState('');
  const [method, setMethod] = useState<Method>('code');
  const [code, setCode] = useState('');
  const [other, setOther] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ ticket?: string; code?: string; other?: string }>({});
  const [problem, setProblem] = useState<{ text: string; locked: boolean } | null>(null);
  const ticketRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const otherRef = useRef<HTMLTextAreaElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);

  const account = useAccountId();
  const verify = useMutation({
    mutationFn: (input: { ticket: string; verification: { code: string } | { otherMethod: string } }) =>
      openCase(userName, input.ticket, input.verification, account),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const errors: typeof fieldErrors = {};
    const ticketIssue = ticketProblem(ticket);
    const ticketOk = ticketIssue === null;
    if (ticketIssue) errors.ticket = ticketIssue === 'hidden-characters' ? t('ticketHidden') : t('ticketError');
    const digits = code.replace(/\s/g, '');
    if (method === 'code' && !/^\d{6}$/.test(digits)) errors.code = t('codeError');
    const otherIssue = method === 'other' ? otherMethodProblem(other) : null;
    if (otherIssue) errors.other = otherIssue === 'hidden-characters' ? t('otherHidden') : t('otherError', { min: OTHER_METHOD_MIN_LENGTH });
    setFieldErrors(errors);
    if (errors.ticket) return ticketRef.current?.focus();
    if (errors.code) return codeRef.current?.focus();
    if (errors.other) return otherRef.current?.focus();
    if (!ticketOk) return;

    verify.mutate(
      { ticket: ticket.trim(), verification: method === 'code' ? { code: digits } : { otherMethod: other.trim() } },
      {
        onSuccess: (helpdeskCase) => {
          setCode('');
          onVerified(helpdeskCase);
        },
        onError: (error) => {
          setCode('');
          if (error instanceof VerificationFailedError) {
            setProblem({
              text:
                error.remainingAttempts > 0
                  ? t('wrongCode', { remaining: error.remainingAttempts })
                  : `${t('wrongCodeLocked')} ${t('askNewCode')}`,
              locked: error.remainingAttempts === 0,
            });
          } else if (errorCodeOf(error) === 'rate-limited') {
            const time = retryTime(error);
            setProblem({ text: time ? t('tooManyCases', { time }) : t('tooManyCasesLater'), locked: false });
          } else if (errorCodeOf(error) === 'verification-unavailable') {
            setProblem({ text: `${t('noValidCode')} ${t('askNewCode')}`, locked: true });
          } else {
            setProblem({ text: errorText(error), locked: false });
          }
          // The alert is read out by itself; focus goes back to the code for the next try.
          window.setTimeout(() => (method === 'code' ? codeRef.current?.focus() : problemRef.current?.focus()), 0);
        },
      },
    );
  }

  const describedBy = (name: string, hasError: boolean) => [`${id}-${name}-hint`, hasError ? `${id}-${name}-error` : null].filter(Boolean).join(' ');

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-blue-200 bg-white p-6" data-testid="verify-section">
      <h2 id={`${id}-title`} className="text-xl font-semibold">
        {t('title')}
      </h2>
      <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>

      <form noValidate onSubmit={submit} className="mt-4 max-w-xl space-y-5">
        <div>
          <label htmlFor={`${id}-ticket`} className="block font-medium">
            {t('ticketLabel')}
          </label>
          <p id={`${id}-ticket-hint`} className="text-sm text-slate-700">
            {t('ticketHint')}
          </p>
          <input
            ref={ticketRef}
            id={`${id}-ticket`}
            name="ticket"
            value={ticket}
            onChange={(event) => setTicket(event.target.value)}
            required
            aria-required="true"
            aria-invalid={fieldErrors.ticket ? true : undefined}
            aria-describedby={describedBy('ticket', !!fieldErrors.ticket)}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            className={inputStyles}
          />
          {fieldErrors.ticket ? (
            <p id={`${id}-ticket-error`} className="mt-1 text-sm font-medium text-red-800">
              {fieldErrors.ticket}
            </p>
          ) : null}
        </div>

        <fieldset>
          <legend className="font-medium">{t('methodLegend')}</legend>
          <div className="mt-2 space-y-2">
            <label className="flex items-start gap-3">
              <input type="radio" name="method" value="code" checked={method === 'code'} onChange={() => setMethod('code')} className="mt-1 h-4 w-4 accent-blue-700" />
              <span>
                <span className="font-medium">{t('methodCode')}</span>
                <span className="block text-sm text-slate-700">{t('methodCodeHint')}</span>
              </span>
            </label>
            <label className="flex items-start gap-3">
              <input type="radio" name="method" value="other" checked={method === 'other'} onChange={() => setMethod('other')} className="mt-1 h-4 w-4 accent-blue-700" />
              <span>
                <span className="font-medium">{t('methodOther')}</span>
                <span className="block text-sm text-slate-700">{t('methodOtherHint')}</span>
              </span>
            </label>
          </div>
        </fieldset>

        {method === 'code' ? (
          <div>
            <label htmlFor={`${id}-code`} className="block font-medium">
              {t('codeLabel')}
            </label>
            <p id={`${id}-code-hint`} className="text-sm text-slate-700">
              {t('codeHint')}
            </p>
            <input
              ref={codeRef}
              id={`${id}-code`}
              name="code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              required
              aria-required="true"
              aria-invalid={fieldErrors.code ? true : undefined}
              aria-describedby={describedBy('code', !!fieldErrors.code)}
              className={`${inputStyles} max-w-48 font-mono text-2xl tracking-[0.3em]`}
            />
            {fieldErrors.code ? (
              <p id={`${id}-code-error`} className="mt-1 text-sm font-medium text-red-800">
                {fieldErrors.code}
              </p>
            ) : null}
          </div>
        ) : (
          <div>
            <div className="mb-3 flex gap-3 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950" data-testid="weaker-warning">
              <WarningIcon className="mt-0.5 h-5 w-5 text-amber-700" />
              <p className="text-sm">{t('otherWarning')}</p>
            </div>
            <label htmlFor={`${id}-other`} className="block font-medium">
              {t('otherLabel')}
            </label>
            <p id={`${id}-other-hint`} className="text-sm text-slate-700">
              {t('otherHint')}
            </p>
            <textarea
              ref={otherRef}
              id={`${id}-other`}
              name="otherMethod"
              value={other}
              onChange={(event) => setOther(event.target.value)}
              rows={3}
              maxLength={OTHER_METHOD_MAX_LENGTH}
              required
              aria-required="true"
              aria-invalid={fieldErrors.other ? true : undefined}
              aria-describedby={describedBy('other', !!fieldErrors.other)}
              className={inputStyles}
            />
            {fieldErrors.other ? (
              <p id={`${id}-other-error`} className="mt-1 text-sm font-medium text-red-800">
                {fieldErrors.other}
              </p>
            ) : null}
          </div>
        )}

        <div ref={problemRef} tabIndex={-1} role="alert" className={problem ? 'rounded-md border border-red-300 bg-red-50 p-3 text-red-900 outline-none' : 'sr-only'} data-testid="verify-problem">
          {problem?.text}
        </div>

        <button type="submit" disabled={verify.isPending} className={buttonStyles.primary}>
          {verify.isPending ? t('verifying') : t('submit')}
        </button>
      </form>
    </section>
  );
}
