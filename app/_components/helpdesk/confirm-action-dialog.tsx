'use client';

import { useId, useRef, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { ModalDialog } from '../modal-dialog';
import { buttonStyles } from './words';

/** "Are you sure?", saying in plain words what will happen; the safe choice has focus first. */
export function ConfirmActionDialog({
  title,
  body,
  confirmLabel,
  danger,
  pending,
  onConfirm,
  onCancel,
}: {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger: boolean;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useTranslations('helpdesk.actions');
  const id = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <ModalDialog role="alertdialog" labelledBy={`${id}-title`} describedBy={`${id}-body`} onEscape={pending ? undefined : onCancel} initialFocus={cancelRef}>
      <h2 id={`${id}-title`} className="text-xl font-semibold">
        {title}
      </h2>
      <div id={`${id}-body`} className="mt-3 space-y-2 text-slate-800">
        {body}
      </div>
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        <button ref={cancelRef} type="button" className={buttonStyles.secondary} onClick={onCancel} disabled={pending}>
          {t('cancel')}
        </button>
        <button type="button" className={danger ? buttonStyles.danger : buttonStyles.primary} onClick={onConfirm} disabled={pending}>
          {pending ? t('working') : confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
