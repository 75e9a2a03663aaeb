'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { checkPassword, type ConsolePasswordStatus, type PasswordRule } from '@/lib/credentials/password-policy';
import { useAccountId } from '@/lib/ui/account-context';
import { accountActivityQueryKey } from '@/lib/ui/activity-key';
import { errorCodeOf } from '@/lib/ui/api-error';
import {
  PasswordRejectedError,
  accountPasswordQueryKey,
  recentSignInQueryKey,
  recentSignInQueryOptions,
  setConsolePassword,
  type RecentSignIn,
} from '@/lib/ui/console-password';
import { useErrorText } from '../error-text';
import { LiveRegions, useLiveMessages } from '../live-regions';
import { PasswordRules, useRuleText } from './password-rules';
import { PasswordStrength } from './password-strength';

// Only when the sign-in is no longer recent, which a fresh visit from the keys or home page is
// not: loaded then (bench:pages). React.lazy, not next/dynamic (its loader would weigh more).
const ReauthNotice = lazy(() => import('./reauth-notice').then((m) => ({ default: m.ReauthNotice })));

interface Props {
  status: ConsolePasswordStatus;
  iamUserName: string;
  personName: string;
}

/**
 * Setting a new console password. Shown only while the last sign-in is recent (the portal
 * cannot check an old password instead); otherwise the person is asked to sign in again first.
 */
export function ChangePassword(props: Props) {
  const t = useTranslations('password');
  const tErrors = useTranslations('errors');
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const recent = useQuery(recentSignInQueryOptions());
  const messages = useLiveMessages();
  // True once a change was stopped because the sign-in was no longer recent.
  const [lapsed, setLapsed] = useState(false);

  const markLapsed = () => {
    setLapsed(true);
    messages.announce('');
    queryClient.setQueryData<RecentSignIn>(recentSignInQueryKey, { fresh: false });
  };

  let body;
  if (recent.isPending) {
    body = <p className="text-slate-700">{t('checking')}</p>;
  } else if (recent.isError) {
    body = (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
        {errorText(recent.error)}{' '}
        <button type="button" className="font-medium underline" onClick={() => void recent.refetch()}>
          {tErrors('retry')}
        </button>
      </div>
    );
  } else if (!recent.data.fresh) {
    body = <ReauthNotice lapsed={lapsed} />;
  } else {
    body = <PasswordForm {...props} freshUntil={recent.data.freshUntil} messages={messages} onLapsed={markLapsed} />;
  }

  return (
    <div className="space-y-4">
      <LiveRegions status={messages.status} problem={messages.problem} />
      <Suspense fallback={null}>{body}</Suspense>
    </div>
  );
}

function PasswordForm({
  status,
  iamUserName,
  personName,
  freshUntil,
  messages,
  onLapsed,
}: Props & { freshUntil: number; messages: ReturnType<typeof useLiveMessages>; onLapsed: () => void }) {
  const t = useTranslations('password');
  const errorText = useErrorText();
  const ruleText = useRuleText(status.policy, iamUserName);
  const queryClient = useQueryClient();
  const ids = { rules: useId(), strength: useId(), match: useId(), hint: useId(), newField: useId(), confirmField: useId() };
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The password lives only here, in memory, for as long as this form is on screen.
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [shown, setShown] = useState(false);
  const [checking, setChecking] = useState(false);
  const [rejected, setRejected] = useState<PasswordRule[] | null>(null);

  // gcTime 0 and reset() after every outcome: the mutation cache never keeps the password.
  const account = useAccountId();
  const change = useMutation({ mutationFn: (newPassword: string) => setConsolePassword(account, newPassword), gcTime: 0 });

  const results = checkPassword(password, status.policy, iamUserName);
  const rulesMet = results.every((r) => r.ok);
  const matches = confirm.length > 0 && confirm === password;
  const busy = checking || change.isPending;
  const ready = rulesMet && matches && !busy;

  const clearFields = () => {
    setPassword('');
    setConfirm('');
    setShown(false);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready) return;
    setRejected(null);
    messages.announce('');
    setChecking(true);
    let recent: RecentSignIn;
    try {
      recent = await queryClient.fetchQuery(recentSignInQueryOptions());
    } catch (error) {
      setChecking(false);
      messages.fail(t('notChanged', { reason: errorText(error) }));
      return;
    }
    setChecking(false);
    if (!recent.fresh) {
      onLapsed();
      return;
    }
    change.mutate(password, {
      onSuccess: () => {
        clearFields();
        messages.announce(t('success'));
        headingRef.current?.focus();
        void queryClient.invalidateQueries({ queryKey: accountPasswordQueryKey(account) });
        void queryClient.invalidateQueries({ queryKey: accountActivityQueryKey(account) });
      },
      onError: (error) => {
        if (error instanceof PasswordRejectedError) {
          setRejected(error.failedRules);
        } else if (errorCodeOf(error) === 'reauth-required') {
          onLapsed();
        } else if (errorCodeOf(error) === 'unconfirmed') {
          // It may be set now: what was typed is cleared, as after a change.
          clearFields();
          messages.fail(t('unconfirmed'));
          void queryClient.invalidateQueries({ queryKey: accountActivityQueryKey(account) });
        } else {
          messages.fail(t('notChanged', { reason: errorText(error) }));
        }
      },
      onSettled: () => change.reset(),
    });
  }

  return (
    <section aria-labelledby="change-title" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="change-title" ref={headingRef} tabIndex={-1} className="text-lg font-semibold outline-none">
        {t('formTitle')}
      </h2>
      <FreshFor freshUntil={freshUntil} />

      <div className="mt-4 grid gap-6 md:grid-cols-2">
        <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
          {/* Lets a password manager file the new password under the right user. */}
          <input type="text" name="username" autoComplete="username" value={iamUserName} readOnly hidden />

          <div>
            <label htmlFor={ids.newField} className="block font-medium">
              {t('newLabel')}
            </label>
            <NewPasswordInput
              id={ids.newField}
              name="new-password"
              shown={shown}
              value={password}
              onChange={(value) => {
                setPassword(value);
                setRejected(null);
              }}
              aria-describedby={`${ids.rules} ${ids.strength}`}
            />
          </div>

          <button
            type="button"
            aria-pressed={shown}
            aria-controls={`${ids.newField} ${ids.confirmField}`}
            onClick={() => setShown((value) => !value)}
            className="inline-flex items-center gap-2 rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
          >
            <span aria-hidden="true" className="inline-flex h-4 w-4 items-center justify-center rounded-sm border border-slate-500 text-xs">
              {shown ? '✓' : ''}
            </span>
            {t('showPassword')}
          </button>

          <div id={ids.strength}>
            <PasswordStrength password={password} userInputs={[iamUserName, personName]} />
            <p className="mt-1 text-sm text-slate-600">{t('strengthHint')}</p>
          </div>

          <div>
            <label htmlFor={ids.confirmField} className="block font-medium">
              {t('confirmLabel')}
            </label>
            <NewPasswordInput
              id={ids.confirmField}
              name="confirm-password"
              shown={shown}
              value={confirm}
              onChange={setConfirm}
              aria-describedby={ids.match}
              aria-invalid={confirm.length > 0 && !matches ? true : undefined}
            />
            <p id={ids.match} aria-live="polite" className="mt-1 min-h-6 text-sm">
              {confirm.length > 0 ? (
                matches ? (
                  <span className="text-green-800">
                    <span aria-hidden="true">✓ </span>
                    {t('confirmMatch')}
                  </span>
                ) : (
                  <span className="text-slate-700">
                    <span aria-hidden="true">✗ </span>
                    {t('confirmMismatch')}
                  </span>
                )
              ) : null}
            </p>
          </div>

          {rejected ? (
            <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900" data-testid="password-rejected">
              <p className="font-medium">{t('rejectedTitle')}</p>
              <ul className="mt-1 list-disc pl-5">
                {rejected.map((rule) => (
                  <li key={rule}>{ruleText(rule)}</li>
                ))}
              </ul>
            </div>
          ) : null}

          <div>
            <button
              type="submit"
              disabled={!ready}
              aria-describedby={!rulesMet || !matches ? ids.hint : undefined}
              className="rounded-md bg-blue-700 px-5 py-2.5 font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:bg-slate-400"
            >
              {busy ? t('submitting') : t('submit')}
            </button>
            {!rulesMet || !matches ? (
              <p id={ids.hint} className="mt-2 text-sm text-slate-700">
                {t('submitHint')}
              </p>
            ) : null}
          </div>
        </form>

        <PasswordRules id={ids.rules} results={results} policy={status.policy} userName={iamUserName} symbols={status.symbols} typing={password.length > 0} />
      </div>
    </section>
  );
}

/** How long the recent sign-in still counts; when it runs out, the server is asked again. */
/** A new-password field: no autocorrection, hidden unless the person chose to see it. */
function NewPasswordInput({
  shown,
  onChange,
  ...rest
}: {
  id: string;
  name: string;
  shown: boolean;
  value: string;
  onChange: (value: string) => void;
  'aria-describedby': string;
  'aria-invalid'?: true;
}) {
  return (
    <input
      {...rest}
      type={shown ? 'text' : 'password'}
      autoComplete="new-password"
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      onChange={(event) => onChange(event.target.value)}
      className="mt-1 w-full rounded-md border border-slate-400 px-3 py-2 font-mono"
    />
  );
}

function FreshFor({ freshUntil }: { freshUntil: number }) {
  const t = useTranslations('password');
  const queryClient = useQueryClient();
  const [now, setNow] = useState(() => Date.now());
  const asked = useRef(false);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 10_000);
    return () => window.clearInterval(timer);
  }, []);

  const remainingMs = freshUntil * 1000 - now;
  useEffect(() => {
    if (remainingMs <= 0 && !asked.current) {
      asked.current = true;
      // A timer's doing, not the person's: it must not keep the session alive.
      void queryClient.prefetchQuery(recentSignInQueryOptions({ background: true }));
    }
  }, [remainingMs, queryClient]);

  return (
    <p className="mt-1 text-sm text-slate-700" data-testid="fresh-for">
      {t('freshFor', { minutes: Math.max(0, Math.floor(remainingMs / 60_000)) })}
    </p>
  );
}
