'use client';

import { useId, useRef, useState, type ReactNode } from 'react';
import { useGuardUnsaved } from '@/lib/ui/session-expiry';
import { WarningIcon } from './keys/icons';
import { ModalDialog } from './modal-dialog';

const smallButton =
  'inline-flex items-center justify-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100';

// The hook that holds the value is in its own module, so that a page loads this dialog only
// when it has something to show (next/dynamic); re-exported for the callers that need both.
export { useShownOnce, type ShownOnce } from './use-shown-once';

/** Says something in the dialog's status line (copied, downloaded, copy failed…). */
export type Announce = (message: string) => void;

/**
 * A dialog that shows something only once (a new secret key, a temporary password): a
 * warning that it cannot be shown again, the value(s), a status line, and a Done button that
 * works only after the person ticks "I have saved it". Escape does not close it before that,
 * and leaving the page asks first. The value lives only in the parent's state, held with
 * `useShownOnce`, and is dropped when `onDone` runs.
 */
export function ShowOnceDialog({
  title,
  intro,
  warningTitle,
  warningBody,
  acknowledgeLabel,
  closeHint,
  closeBlocked,
  doneLabel,
  onDone,
  returnFocus,
  children,
}: {
  title: string;
  intro?: string;
  warningTitle: string;
  warningBody: string;
  acknowledgeLabel: string;
  closeHint: string;
  /** Said when the person tries to close before ticking the box. */
  closeBlocked: string;
  doneLabel: string;
  onDone: () => void;
  returnFocus?: () => HTMLElement | null;
  children: (announce: Announce) => ReactNode;
}) {
  const id = useId();
  const [acknowledged, setAcknowledged] = useState(false);
  const [notice, setNotice] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  useGuardUnsaved(!acknowledged);

  const close = () => {
    if (acknowledged) onDone();
    else setNotice(closeBlocked);
  };

  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-warning`} onEscape={close} initialFocus={headingRef} returnFocus={returnFocus}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
        {title}
      </h2>
      {intro ? <p className="mt-1 text-slate-700">{intro}</p> : null}
      <div id={`${id}-warning`} className="mt-4 flex gap-3 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950">
        <WarningIcon className="mt-0.5 h-5 w-5 text-amber-700" />
        <div>
          <p className="font-semibold">{warningTitle}</p>
          <p className="mt-1 text-sm">{warningBody}</p>
        </div>
      </div>

      {children(setNotice)}

      <p role="status" aria-live="polite" className="mt-4 min-h-6 text-sm font-medium text-green-800">
        {notice}
      </p>

      <div className="mt-4 border-t border-slate-200 pt-4">
        <label className="flex items-start gap-3">
          <input
            type="checkbox"
            checked={acknowledged}
            onChange={(event) => {
              setAcknowledged(event.target.checked);
              setNotice('');
            }}
            className="mt-1 h-5 w-5 accent-blue-700"
          />
          <span className="font-medium">{acknowledgeLabel}</span>
        </label>
        <div className="mt-4 flex flex-wrap items-center justify-end gap-3">
          {!acknowledged ? (
            <p id={`${id}-close-hint`} className="text-sm text-slate-700">
              {closeHint}
            </p>
          ) : null}
          <button
            type="button"
            onClick={close}
            disabled={!acknowledged}
            aria-describedby={acknowledged ? undefined : `${id}-close-hint`}
            className="rounded-md bg-slate-900 px-5 py-2 font-semibold text-white hover:bg-slate-700 disabled:cursor-not-allowed disabled:bg-slate-400"
          >
            {doneLabel}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

/**
 * One value in a show-once dialog, with a copy button; a secret one is hidden (dots, and
 * words for screen readers) until the person presses "Show", so a shared screen does not
 * reveal it by accident. When the clipboard is refused, a secret is shown to copy by hand.
 */
export function OnceValue({
  label,
  value,
  testId,
  announce,
  copyLabel,
  copiedText,
  copyFailedText,
  secret,
  extra,
}: {
  label: string;
  value: string;
  testId: string;
  announce: Announce;
  copyLabel: string;
  copiedText: string;
  copyFailedText: string;
  secret?: { showLabel: string; hiddenText: string };
  /** More about the value, shown only while the value is (e.g. how to read it out). */
  extra?: (value: string) => ReactNode;
}) {
  const [revealed, setRevealed] = useState(false);
  const shown = !secret || revealed;

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      announce(copiedText);
    } catch {
      setRevealed(true);
      announce(copyFailedText);
    }
  }

  return (
    <div className="mt-5">
      <p className="text-sm font-medium text-slate-700">{label}</p>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <code className="rounded bg-slate-100 px-2 py-1 font-mono text-base break-all" data-testid={testId}>
          {shown ? (
            value
          ) : (
            <>
              <span className="sr-only">{secret.hiddenText}</span>
              <span aria-hidden="true">{'•'.repeat(24)}</span>
            </>
          )}
        </code>
        {secret ? (
          <button type="button" className={smallButton} aria-pressed={revealed} onClick={() => setRevealed((value) => !value)}>
            {secret.showLabel}
          </button>
        ) : null}
        <button type="button" className={smallButton} onClick={() => void copy()}>
          {copyLabel}
        </button>
      </div>
      {shown && extra ? extra(value) : null}
    </div>
  );
}
