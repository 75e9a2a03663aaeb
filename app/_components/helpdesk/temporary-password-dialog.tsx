'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { useGuardUnsaved } from '@/lib/ui/session-expiry';
import { WarningIcon } from '../keys/icons';
import { ModalDialog } from '../modal-dialog';
import { buttonStyles } from './words';
import { AcknowledgeAndClose } from '@/app/_components/acknowledge-close';

/**
 * Shows a temporary console password to the agent, once, in the same way as a new secret
 * access key: hidden until asked for, a copy button, and closed only after the agent says they
 * passed it on. The password lives only in the parent's state and is dropped on closing.
 */
export function TemporaryPasswordDialog({
  userName,
  password,
  onDone,
  returnFocus,
}: {
  userName: string;
  password: string;
  onDone: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('helpdesk.temporaryPassword');
  const id = useId();
  const [passedOn, setPassedOn] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const [notice, setNotice] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  useGuardUnsaved(!passedOn);

  async function copy() {
    try {
      await navigator.clipboard.writeText(password);
      setNotice(t('copied'));
    } catch {
      setRevealed(true);
      setNotice(t('copyFailed'));
    }
  }

  const close = () => {
    if (passedOn) onDone();
    else setNotice(t('closeBlocked'));
  };

  return (
    <ModalDialog labelledBy={`${id}-title`} describedBy={`${id}-warning`} onEscape={close} initialFocus={headingRef} returnFocus={returnFocus}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
        {t('title')}
      </h2>
      <p className="mt-1 text-slate-700">{t('forUser', { userName })}</p>
      <div id={`${id}-warning`} className="mt-4 flex gap-3 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950">
        <WarningIcon className="mt-0.5 h-5 w-5 text-amber-700" />
        <div>
          <p className="font-semibold">{t('warningTitle')}</p>
          <p className="mt-1 text-sm">{t('warningBody')}</p>
        </div>
      </div>

      <div className="mt-5">
        <p className="text-sm font-medium text-slate-700">{t('label')}</p>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <code className="rounded bg-slate-100 px-2 py-1 font-mono text-lg break-all" data-testid="temporary-password">
            {revealed ? (
              password
            ) : (
              <>
                <span className="sr-only">{t('hidden')}</span>
                <span aria-hidden="true">{'•'.repeat(16)}</span>
              </>
            )}
          </code>
          <button type="button" className={buttonStyles.small} aria-pressed={revealed} onClick={() => setRevealed((value) => !value)}>
            {t('show')}
          </button>
          <button type="button" className={buttonStyles.small} onClick={() => void copy()}>
            {t('copy')}
          </button>
        </div>
      </div>
      <p className="mt-4 rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950">{t('mustChange')}</p>

      <AcknowledgeAndClose
        id={id}
        notice={notice}
        acknowledged={passedOn}
        onAcknowledgedChange={(checked) => {
          setPassedOn(checked);
          setNotice('');
        }}
        acknowledgeLabel={t('passedOn')}
        closeHint={t('closeHint')}
        doneLabel={t('done')}
        onClose={close}
      />
    </ModalDialog>
  );
}
