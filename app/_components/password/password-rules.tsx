'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { MAX_PASSWORD_LENGTH, type PasswordPolicy, type PasswordRule, type RuleResult } from '@/lib/credentials/password-policy';

/** One rule in plain words, with the numbers and names it mentions. */
export function useRuleText(policy: PasswordPolicy, userName: string): (rule: PasswordRule) => string {
  const t = useTranslations('password.rules');
  return (rule) =>
    t.has(rule) ? t(rule, { minimum: policy.minimumLength, maximum: MAX_PASSWORD_LENGTH, userName }) : rule;
}

/**
 * The live checklist. Each rule says "met" or "not yet" in words as well as with ✓/✗ and
 * colour. Screen readers hear only a short summary, and only once typing pauses.
 */
export function PasswordRules({
  id,
  results,
  policy,
  userName,
  symbols,
  typing,
}: {
  id: string;
  /** False while the field is empty: nothing to announce on arrival. */
  typing: boolean;
  results: RuleResult[];
  policy: PasswordPolicy;
  userName: string;
  symbols: string;
}) {
  const t = useTranslations('password');
  const ruleText = useRuleText(policy, userName);
  const headingId = useId();
  const met = results.filter((r) => r.ok).length;
  const summary = t('rulesSummary', { met, total: results.length });
  const [spoken, setSpoken] = useState('');

  useEffect(() => {
    const timer = window.setTimeout(() => setSpoken(typing ? summary : ''), 1000);
    return () => window.clearTimeout(timer);
  }, [summary, typing]);

  const showsSymbols = policy.requireSymbols || policy.requireThreeOfFourKinds;

  return (
    <section id={id} aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h3 id={headingId} className="font-semibold">
        {t('policyTitle')}
      </h3>
      <p className="mt-1 text-sm text-slate-700">{policy.isDefault ? t('policyDefault') : t('policyIntro')}</p>
      <ul aria-label={t('rulesLabel')} className="mt-3 space-y-1.5" data-testid="password-rules">
        {results.map((result) => (
          <li key={result.rule} data-rule={result.rule} data-ok={result.ok} className="flex items-start gap-2">
            <span
              aria-hidden="true"
              className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold text-white ${
                result.ok ? 'bg-green-700' : 'bg-slate-500'
              }`}
            >
              {result.ok ? '✓' : '✗'}
            </span>
            <span>
              {ruleText(result.rule)}{' '}
              <span className={`text-sm font-medium ${result.ok ? 'text-green-800' : 'text-slate-600'}`}>
                ({result.ok ? t('ruleMet') : t('ruleNotMet')})
              </span>
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm font-medium" aria-hidden="true">
        {summary}
      </p>
      <p className="sr-only" aria-live="polite" data-testid="rules-summary">
        {spoken}
      </p>

      {showsSymbols ? (
        <div className="mt-3 text-sm">
          <p>{t('symbolsTitle')}</p>
          <p className="mt-1 flex flex-wrap gap-1" data-testid="iam-symbols">
            {[...symbols].map((symbol) => (
              <kbd key={symbol} className="rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono">
                {symbol}
              </kbd>
            ))}
          </p>
          <p className="mt-1 text-slate-700">{t('symbolsNote')}</p>
        </div>
      ) : null}

      {policy.reusePrevention || policy.maxAgeDays ? (
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {policy.reusePrevention ? <li>{t('reuse', { count: policy.reusePrevention })}</li> : null}
          {policy.maxAgeDays ? <li>{t('maxAge', { days: policy.maxAgeDays })}</li> : null}
        </ul>
      ) : null}
    </section>
  );
}
