'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { ACCESS_KEY_DESCRIPTION_MAX, accessKeyDescriptionProblem } from '@/lib/credentials/key-name';

/**
 * "Where will you use this key?": the optional name a new key gets, then the button that
 * makes the key. The name is checked here with the same rules the route applies (IAM's tag
 * rules), so a refusal is explained before anything is sent.
 */
export function NewKeyForm({
  pending,
  initialName = '',
  submitLabel,
  onCreate,
  onCancel,
  inputRef,
  focusOnOpen = false,
}: {
  pending: boolean;
  initialName?: string;
  submitLabel: string;
  onCreate: (description: string) => void;
  onCancel?: () => void;
  inputRef?: RefObject<HTMLInputElement | null>;
  /** Focus the name field once the form is shown (it may load after the click that opened it). */
  focusOnOpen?: boolean;
}) {
  const t = useTranslations('keys.name');
  const tKeys = useTranslations('keys');
  const id = useId();
  const [name, setName] = useState(initialName);
  // Said as soon as it is typed (an empty name is fine: it is optional).
  const problem = accessKeyDescriptionProblem(name);
  const showProblem = problem !== null;
  const fieldRef = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    if (focusOnOpen) fieldRef.current?.focus();
    // Only when the form first appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <form
      className="space-y-3"
      data-testid="new-key-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (problem) fieldRef.current?.focus();
        if (problem || pending) return;
        onCreate(name.trim());
      }}
    >
      <div>
        <label htmlFor={`${id}-name`} className="block font-medium">
          {t('label')} <span className="font-normal text-slate-700">{t('optional')}</span>
        </label>
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-700">
          {t('hint')}
        </p>
        <input
          id={`${id}-name`}
          ref={(element) => {
            fieldRef.current = element;
            if (inputRef) inputRef.current = element;
          }}
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={ACCESS_KEY_DESCRIPTION_MAX + 20}
          autoComplete="off"
          aria-describedby={`${id}-hint${showProblem ? ` ${id}-problem` : ''}`}
          aria-invalid={showProblem || undefined}
          className="mt-2 w-full max-w-xl rounded-md border border-slate-400 px-3 py-2"
        />
        {showProblem ? (
          <p id={`${id}-problem`} className="mt-1 text-sm text-red-800">
            {t(problem === 'too-long' ? 'tooLong' : problem === 'hidden-characters' ? 'hiddenCharacters' : 'characters', { max: ACCESS_KEY_DESCRIPTION_MAX })}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-70">
          {pending ? tKeys('creating') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
            {t('cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
