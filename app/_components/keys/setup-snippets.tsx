'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import type { NewAccessKey } from '@/lib/credentials/access-key-shapes';
import { SNIPPET_KINDS, profileNameFor, setupSnippet, type SnippetKind } from '@/lib/credentials/setup-snippets';
import type { Announce } from '../show-once-dialog';

const smallButton =
  'inline-flex items-center justify-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100';

/**
 * "Set up a program with this key": the key as an AWS CLI profile, or as environment
 * variables for bash/zsh or PowerShell, ready to copy. Made here from the secret already in
 * the dialog; the secret shows as dots until the person asks to see it (a shared screen).
 */
export function SetupSnippets({ newKey, announce }: { newKey: NewAccessKey; announce: Announce }) {
  const t = useTranslations('newKey.setup');
  const id = useId();
  const [kind, setKind] = useState<SnippetKind>('cli-profile');
  const [revealed, setRevealed] = useState(false);
  const text = setupSnippet(kind, newKey);
  const shown = revealed ? text : setupSnippet(kind, { ...newKey, secretAccessKey: '•'.repeat(12) });
  const profile = profileNameFor(newKey.description);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      announce(t('copied', { kind: t(`kinds.${kind}`) }));
    } catch {
      setRevealed(true);
      announce(t('copyFailed'));
    }
  }

  return (
    <details className="mt-5 rounded-md border border-slate-200 p-3" data-testid="setup-snippets">
      <summary className="cursor-pointer font-medium">{t('title')}</summary>
      <p className="mt-2 text-sm text-slate-700">{t('intro')}</p>
      <fieldset className="mt-3">
        <legend className="text-sm font-medium">{t('legend')}</legend>
        <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
          {SNIPPET_KINDS.map((k) => (
            <label key={k} className="inline-flex items-center gap-2 text-sm">
              <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} className="h-4 w-4 accent-blue-700" />
              {t(`kinds.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="mt-3 text-sm" id={`${id}-where`}>
        {t(`where.${kind}`, { profile })}
      </p>
      <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 font-mono text-sm text-slate-50" aria-describedby={`${id}-where`} data-testid="setup-snippet">
        {revealed ? null : <span className="sr-only">{t('hiddenNote')} </span>}
        {shown}
      </pre>
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" className={smallButton} aria-pressed={revealed} onClick={() => setRevealed((value) => !value)}>
          {t('show')}
        </button>
        <button type="button" className={smallButton} onClick={() => void copy()}>
          {t('copy')}
        </button>
      </div>
      <p className="mt-2 text-sm text-slate-700">{t('private')}</p>
    </details>
  );
}
