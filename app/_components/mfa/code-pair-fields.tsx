'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState, type ReactNode, type RefObject } from 'react';
import { ErrorAlert } from '../error-text';

const SIX_DIGITS = /^\d{6}$/;
const clean = (value: string) => value.replace(/\s+/g, '');

/**
 * Two codes in a row from an authenticator app: the one it shows now, then the next. Used to
 * finish a set-up and to resynchronise. Checked here for shape only (six digits); AWS decides
 * whether they are right. The codes live in this form's state only, and go when it does.
 */
export function CodePairFields({
  idPrefix,
  pending,
  problem,
  submitLabel,
  onSubmit,
  secondary,
}: {
  idPrefix: string;
  pending: boolean;
  /** What went wrong with the last try, in words; null when nothing did. */
  problem: string | null;
  submitLabel: string;
  onSubmit: (codes: { code1: string; code2: string }) => void;
  secondary?: ReactNode;
}) {
  const t = useTranslations('mfa.codes');
  const [code1, setCode1] = useState('');
  const [code2, setCode2] = useState('');
  const [shapeError, setShapeError] = useState('');
  const firstRef = useRef<HTMLInputElement>(null);
  const secondRef = useRef<HTMLInputElement>(null);

  function submit() {
    const a = clean(code1);
    const b = clean(code2);
    if (!SIX_DIGITS.test(a) || !SIX_DIGITS.test(b)) {
      setShapeError(t('shape'));
      (SIX_DIGITS.test(a) ? secondRef : firstRef).current?.focus();
      return;
    }
    if (a === b) {
      setShapeError(t('same'));
      secondRef.current?.focus();
      return;
    }
    setShapeError('');
    onSubmit({ code1: a, code2: b });
  }

  const errorId = `${idPrefix}-error`;
  const shown = shapeError || problem;
  return (
    <form
      className="mt-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-wrap gap-6">
        {/* No jump to the second box after six digits: focus moving by itself surprises people. */}
        <CodeField id={`${idPrefix}-1`} label={t('first')} inputRef={firstRef} value={code1} onChange={setCode1} invalid={Boolean(shown)} errorId={errorId} />
        <CodeField id={`${idPrefix}-2`} label={t('second')} inputRef={secondRef} value={code2} onChange={setCode2} invalid={Boolean(shown)} errorId={errorId} />
      </div>
      <p className="mt-2 text-sm text-slate-700">{t('example')}</p>
      {shown ? (
        <ErrorAlert id={errorId} className="mt-3">
          {shown}
        </ErrorAlert>
      ) : null}
      <div className="mt-5 flex flex-wrap justify-end gap-3">
        {secondary}
        <button type="submit" disabled={pending} className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-70">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

/** One six-digit code box, labelled, pointing at the shared error while there is one. */
function CodeField({
  id,
  label,
  inputRef,
  value,
  onChange,
  invalid,
  errorId,
}: {
  id: string;
  label: string;
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  errorId: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? errorId : undefined}
        className="mt-1 w-40 rounded-md border border-slate-400 px-3 py-2 font-mono text-lg tracking-widest"
      />
    </div>
  );
}
