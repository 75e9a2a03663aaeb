'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { useDeleteAccessKey } from '@/lib/ui/access-key-mutations';
import { useErrorText, ErrorAlert } from '../error-text';
import { ModalDialog } from '../modal-dialog';
import { WarningIcon } from './icons';

/**
 * Deleting a key is final, so the person types the key's ID to confirm (pasting works too;
 * what matters is that they look at which key it is). Only ever opened for an inactive key.
 */
export function DeleteKeyDialog({
  accessKeyId,
  onClose,
  onDeleted,
  returnFocus,
}: {
  accessKeyId: string;
  onClose: () => void;
  onDeleted: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('deleteKey');
  const errorText = useErrorText();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const remove = useDeleteAccessKey();
  const matches = typed === accessKeyId;

  function confirm() {
    if (!matches || remove.isPending) return;
    remove.mutate(accessKeyId, { onSuccess: onDeleted });
  }

  return (
    <ModalDialog
      role="alertdialog"
      labelledBy={`${id}-title`}
      describedBy={`${id}-consequences`}
      onEscape={remove.isPending ? undefined : onClose}
      initialFocus={inputRef}
      returnFocus={returnFocus}
    >
      <h2 id={`${id}-title`} className="text-xl font-semibold">
        {t('title')}
      </h2>
      <p className="mt-2 font-mono text-base break-all">{accessKeyId}</p>
      <div id={`${id}-consequences`} className="mt-4 flex gap-3 rounded-md border border-red-300 bg-red-50 p-4 text-red-950">
        <WarningIcon className="mt-0.5 h-5 w-5 text-red-700" />
        <ul className="list-disc space-y-1 pl-4 text-sm">
          <li>{t('consequenceApps')}</li>
          <li>{t('consequenceFinal')}</li>
          <li>{t('consequenceUnsure')}</li>
        </ul>
      </div>
      <form
        className="mt-5"
        onSubmit={(event) => {
          event.preventDefault();
          confirm();
        }}
      >
        <label htmlFor={`${id}-confirm`} className="block font-medium">
          {t('typeLabel', { accessKeyId })}
        </label>
        <input
          id={`${id}-confirm`}
          ref={inputRef}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className="mt-2 w-full rounded-md border border-slate-400 px-3 py-2 font-mono"
        />
        {remove.isError ? (
          <ErrorAlert className="mt-3">
            {errorText(remove.error)}
          </ErrorAlert>
        ) : null}
        <div className="mt-5 flex flex-wrap justify-end gap-3">
          <button
            type="button"
            onClick={onClose}
            disabled={remove.isPending}
            className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100"
          >
            {t('cancel')}
          </button>
          <button
            type="submit"
            disabled={!matches || remove.isPending}
            className="rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:bg-red-300"
          >
            {remove.isPending ? t('deleting') : t('confirm')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
