'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import type { AccessKeyView } from '@/lib/credentials/access-key-shapes';
import { deleteConfirmationMatches } from '@/lib/credentials/delete-confirmation';
import { useDeleteAccessKey } from '@/lib/ui/access-key-mutations';
import { useErrorText, ErrorAlert } from '../error-text';
import { ModalDialog } from '../modal-dialog';
import { WarningIcon } from './icons';
import { LastUsedText } from './key-words';

/**
 * Deleting a key is final, so the person confirms by typing the key's name or the last four
 * characters of its ID (upper or lower case, spaces around it do not matter): short enough
 * to type, yet only right for this key. The dialog says what the key was last used for.
 * Only ever opened for an inactive key.
 */
export function DeleteKeyDialog({
  accessKey,
  onClose,
  onDeleted,
  returnFocus,
}: {
  accessKey: AccessKeyView;
  onClose: () => void;
  onDeleted: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('deleteKey');
  const tKeys = useTranslations('keys');
  const errorText = useErrorText();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const [tried, setTried] = useState(false);
  const remove = useDeleteAccessKey();
  const { accessKeyId, description } = accessKey;
  const matches = deleteConfirmationMatches(typed, accessKey);
  const lastFour = accessKeyId.slice(-4);

  function confirm() {
    setTried(true);
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
      {description ? <p className="mt-2 text-lg font-semibold break-words">{description}</p> : null}
      <p className="mt-1 font-mono text-base break-all">
        {accessKeyId.slice(0, -4)}
        <mark className="rounded bg-amber-200 px-0.5 text-slate-950">{lastFour}</mark>
      </p>
      <p className="mt-2 text-sm" data-testid="delete-last-used">
        {tKeys('lastUsed')}: <LastUsedText lastUsed={accessKey.lastUsed} />
      </p>
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
          {description ? t('typeNameOrEnd', { name: description, lastFour }) : t('typeEnd', { lastFour })}
        </label>
        <input
          id={`${id}-confirm`}
          ref={inputRef}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={tried && !matches ? true : undefined}
          aria-describedby={tried && !matches ? `${id}-mismatch` : undefined}
          className="mt-2 w-full rounded-md border border-slate-400 px-3 py-2"
        />
        {tried && !matches ? (
          <p id={`${id}-mismatch`} className="mt-1 text-sm text-red-800">
            {description ? t('mismatchNameOrEnd', { lastFour }) : t('mismatchEnd', { lastFour })}
          </p>
        ) : null}
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
            disabled={remove.isPending}
            aria-disabled={!matches || undefined}
            className="rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:bg-red-300 aria-disabled:bg-red-300"
          >
            {remove.isPending ? t('deleting') : t('confirm')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
