'use client';

/**
 * The foot of a dialog that shows something only once (a secret key, a temporary password):
 * a status line, the "I have saved it" checkbox, and a Done button that stays disabled until
 * the person ticks it.
 */
export function AcknowledgeAndClose({
  id,
  notice,
  acknowledged,
  onAcknowledgedChange,
  acknowledgeLabel,
  closeHint,
  doneLabel,
  onClose,
}: {
  id: string;
  notice: string;
  acknowledged: boolean;
  onAcknowledgedChange: (acknowledged: boolean) => void;
  acknowledgeLabel: string;
  closeHint: string;
  doneLabel: string;
  onClose: () => void;
}) {
  return (
    <>
      <p role="status" aria-live="polite" className="mt-4 min-h-6 text-sm font-medium text-green-800">
        {notice}
      </p>

      <div className="mt-4 border-t border-slate-200 pt-4">
        <label className="flex items-start gap-3">
          <input
            type="checkbox"
            checked={acknowledged}
            onChange={(event) => onAcknowledgedChange(event.target.checked)}
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
            onClick={onClose}
            disabled={!acknowledged}
            aria-describedby={acknowledged ? undefined : `${id}-close-hint`}
            className="rounded-md bg-slate-900 px-5 py-2 font-semibold text-white hover:bg-slate-700 disabled:cursor-not-allowed disabled:bg-slate-400"
          >
            {doneLabel}
          </button>
        </div>
      </div>
    </>
  );
}
