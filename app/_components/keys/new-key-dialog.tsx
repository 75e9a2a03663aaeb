'use client';

import { useTranslations } from 'next-intl';
import type { NewAccessKey } from '@/lib/credentials/access-key-shapes';
import { accessKeyCsv, accessKeyCsvFileName } from '@/lib/credentials/key-file';
import { OnceValue, ShowOnceDialog, type ShownOnce } from '../show-once-dialog';
import { SetupSnippets } from './setup-snippets';

/** Saves the key file through a short-lived object URL, revoked as soon as the download starts. */
function downloadKeyFile(key: NewAccessKey): void {
  const url = URL.createObjectURL(new Blob([accessKeyCsv(key)], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = accessKeyCsvFileName(key.accessKeyId);
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * Shows a new key's secret, once, with copy buttons and the AWS console's .csv key file. It
 * gets the key boxed (see useShownOnce), so that once the person is done, nothing the page
 * keeps still refers to the secret.
 */
export function NewKeyDialog({
  newKey: shown,
  onDone,
  returnFocus,
}: {
  newKey: ShownOnce<NewAccessKey>;
  onDone: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('newKey');
  const newKey = shown.value;
  if (newKey === null) return null;

  return (
    <ShowOnceDialog
      title={t('title')}
      warningTitle={t('warningTitle')}
      warningBody={t('warningBody')}
      acknowledgeLabel={t('savedCheckbox')}
      closeHint={t('closeHint')}
      closeBlocked={t('closeBlocked')}
      doneLabel={t('done')}
      onDone={onDone}
      returnFocus={returnFocus}
    >
      {(announce) => (
        <>
          {newKey.description ? (
            <p className="mt-4">
              {t('forName')} <span className="font-semibold" data-testid="new-key-name">{newKey.description}</span>
            </p>
          ) : null}
          {newKey.descriptionError ? (
            <p role="alert" className="mt-4 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
              {t('nameNotSaved')}
            </p>
          ) : null}
          <OnceValue
            label={t('accessKeyId')}
            value={newKey.accessKeyId}
            testId="new-access-key-id"
            announce={announce}
            copyLabel={t('copyId')}
            copiedText={t('copiedId')}
            copyFailedText={t('copyFailed')}
          />
          <OnceValue
            label={t('secretAccessKey')}
            value={newKey.secretAccessKey}
            testId="new-secret-access-key"
            announce={announce}
            copyLabel={t('copySecret')}
            copiedText={t('copiedSecret')}
            copyFailedText={t('copyFailed')}
            secret={{ showLabel: t('showSecret'), hiddenText: t('secretHidden') }}
          />
          <p className="mt-5">
            <button
              type="button"
              onClick={() => {
                downloadKeyFile(newKey);
                announce(t('downloaded', { fileName: accessKeyCsvFileName(newKey.accessKeyId) }));
              }}
              className="inline-flex items-center gap-2 rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
            >
              {t('download')}
            </button>
          </p>
          <p className="mt-2 text-sm text-slate-700">{t('downloadHint')}</p>
          <SetupSnippets newKey={newKey} announce={announce} />
        </>
      )}
    </ShowOnceDialog>
  );
}
