'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import type { NewAccessKey } from '@/lib/credentials/access-key-schema';
import { accessKeyCsv, accessKeyCsvFileName } from '@/lib/credentials/key-file';
import { useGuardUnsaved } from '@/lib/ui/session-expiry';
import { ModalDialog } from '../modal-dialog';
import { WarningIcon } from './icons';
import { AcknowledgeAndClose } from '@/app/_components/acknowledge-close';

const button =
  'inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100';

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
 * Shows a new key's secret, once. The secret lives only in the parent's state (passed in
 * here) and is dropped when the person closes this dialog, which they can do only after
 * saying they saved it. Escape does not close it before that; leaving the page asks first.
 */
export function NewKeyDialog({
  newKey,
  onDone,
  returnFocus,
}: {
  newKey: NewAccessKey;
  onDone: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('newKey');
  const id = useId();
  const [saved, setSaved] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const [notice, setNotice] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  useGuardUnsaved(!saved);

  async function copy(value: string, what: 'id' | 'secret') {
    try {
      await navigator.clipboard.writeText(value);
      setNotice(what === 'id' ? t('copiedId') : t('copiedSecret'));
    } catch {
      // No clipboard (an old browser or a refused permission): show the text to copy by hand.
      if (what === 'secret') setRevealed(true);
      setNotice(t('copyFailed'));
    }
  }

  function download() {
    downloadKeyFile(newKey);
    setNotice(t('downloaded', { fileName: accessKeyCsvFileName(newKey.accessKeyId) }));
  }

  const close = () => {
    if (saved) onDone();
    else setNotice(t('closeBlocked'));
  };

  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-warning`} onEscape={close} initialFocus={headingRef} returnFocus={returnFocus}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
        {t('title')}
      </h2>
      <div id={`${id}-warning`} className="mt-4 flex gap-3 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950">
        <WarningIcon className="mt-0.5 h-5 w-5 text-amber-700" />
        <div>
          <p className="font-semibold">{t('warningTitle')}</p>
          <p className="mt-1 text-sm">{t('warningBody')}</p>
        </div>
      </div>

      <dl className="mt-5 space-y-4">
        <div>
          <dt className="text-sm font-medium text-slate-700">{t('accessKeyId')}</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-2">
            <code className="rounded bg-slate-100 px-2 py-1 font-mono text-base break-all" data-testid="new-access-key-id">
              {newKey.accessKeyId}
            </code>
            <button type="button" className={button} onClick={() => void copy(newKey.accessKeyId, 'id')}>
              {t('copyId')}
            </button>
          </dd>
        </div>
        <div>
          <dt className="text-sm font-medium text-slate-700">{t('secretAccessKey')}</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-2">
            <code
              className="rounded bg-slate-100 px-2 py-1 font-mono text-base break-all"
              data-testid="new-secret-access-key"
            >
              {revealed ? (
                newKey.secretAccessKey
              ) : (
                <>
                  <span className="sr-only">{t('secretHidden')}</span>
                  <span aria-hidden="true">{'•'.repeat(24)}</span>
                </>
              )}
            </code>
            <button type="button" className={button} aria-pressed={revealed} onClick={() => setRevealed((value) => !value)}>
              {t('showSecret')}
            </button>
            <button type="button" className={button} onClick={() => void copy(newKey.secretAccessKey, 'secret')}>
              {t('copySecret')}
            </button>
          </dd>
        </div>
      </dl>

      <p className="mt-5">
        <button type="button" onClick={download} className="inline-flex items-center gap-2 rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800">
          {t('download')}
        </button>
      </p>
      <p className="mt-2 text-sm text-slate-700">{t('downloadHint')}</p>

      <AcknowledgeAndClose
        id={id}
        notice={notice}
        acknowledged={saved}
        onAcknowledgedChange={(checked) => {
          setSaved(checked);
          setNotice('');
        }}
        acknowledgeLabel={t('savedCheckbox')}
        closeHint={t('closeHint')}
        doneLabel={t('done')}
        onClose={close}
      />
    </ModalDialog>
  );
}
