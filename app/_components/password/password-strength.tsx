'use client';

import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';

type Level = 'none' | 'weak' | 'fair' | 'good' | 'strong';

let estimator: Promise<ZxcvbnFactory> | null = null;

/**
 * zxcvbn and its word lists are large, so they load only once someone starts typing, in a
 * chunk of their own; the page itself stays light.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
        useLevenshteinDistance: true,
      }),
  );
  return estimator;
}

/** zxcvbn's 0–4 score in four words: 0 and 1 are both weak. */
function levelOf(password: string, score: number | null): Level {
  if (!password || score === null) return 'none';
  if (score <= 1) return 'weak';
  if (score === 2) return 'fair';
  if (score === 3) return 'good';
  return 'strong';
}

const levelValue: Record<Level, number> = { none: 0, weak: 1, fair: 2, good: 3, strong: 4 };
const levelColour: Record<Level, string> = {
  none: 'bg-slate-300',
  weak: 'bg-red-700',
  fair: 'bg-amber-600',
  good: 'bg-green-700',
  strong: 'bg-green-800',
};

/** A guide for the person, never a gate: the policy checklist alone decides. */
export function PasswordStrength({ password, userInputs }: { password: string; userInputs: string[] }) {
  const t = useTranslations('password');
  const labelId = useId();
  const [score, setScore] = useState<number | null>(null);
  const inputsKey = userInputs.join('\n');

  useEffect(() => {
    if (!password) return;
    let current = true;
    // A short pause, so the estimate runs when typing stops rather than on every key.
    const timer = window.setTimeout(() => {
      void loadEstimator()
        .then((zxcvbn) => {
          if (current) setScore(zxcvbn.check(password, inputsKey.split('\n')).score);
        })
        .catch(() => {
          // Without the estimator the meter stays empty; the rules still work.
        });
    }, 150);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [password, inputsKey]);

  // While a new estimate is on its way the last one stays, so the meter does not flicker.
  const level = levelOf(password, score);
  const value = levelValue[level];
  return (
    <div className="space-y-1">
      <div className="flex items-baseline gap-2 text-sm">
        <span id={labelId} className="font-medium">
          {t('strengthLabel')}
        </span>
        <span data-testid="strength-text">{t(`strength.${level}`)}</span>
      </div>
      <div
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={value}
        aria-valuetext={t(`strength.${level}`)}
        className="flex h-2 max-w-xs gap-1"
      >
        {[1, 2, 3, 4].map((step) => (
          <span key={step} className={`h-full flex-1 rounded-sm ${step <= value ? levelColour[level] : 'bg-slate-200'}`} />
        ))}
      </div>
    </div>
  );
}
