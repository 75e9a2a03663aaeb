'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef } from 'react';
import type { MfaDeviceView } from '@/lib/credentials/mfa-shapes';
import { errorCodeOf } from '@/lib/ui/api-error';
import { useResyncMfaDevice } from '@/lib/ui/mfa-devices';
import { useErrorText } from '../error-text';
import { ModalDialog } from '../modal-dialog';
import { CodePairFields } from './code-pair-fields';
import { useDeviceTitle } from './device-title';

/** When AWS refuses codes that are typed right: the phone's clock has drifted. */
export function ResyncDialog({
  device,
  onClose,
  onResynced,
  returnFocus,
}: {
  device: MfaDeviceView;
  onClose: () => void;
  onResynced: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('mfa.resync');
  const errorText = useErrorText();
  const title = useDeviceTitle();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const resync = useResyncMfaDevice();
  const problem = !resync.isError ? null : errorCodeOf(resync.error) === 'invalid-code' ? t('refused') : errorText(resync.error);

  return (
    <ModalDialog labelledBy={`${id}-title`} onEscape={resync.isPending ? undefined : onClose} initialFocus={headingRef} returnFocus={returnFocus}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
        {t('title', { device: title(device) })}
      </h2>
      <p className="mt-3">{t('why')}</p>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        <li>{t('clock')}</li>
        <li>{t('first')}</li>
        <li>{t('second')}</li>
      </ol>
      <CodePairFields
        idPrefix={`${id}-codes`}
        pending={resync.isPending}
        problem={problem}
        submitLabel={resync.isPending ? t('checking') : t('confirm')}
        onSubmit={(codes) => resync.mutate({ name: device.name, ...codes }, { onSuccess: onResynced })}
        secondary={
          <button type="button" onClick={onClose} disabled={resync.isPending} className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
            {t('cancel')}
          </button>
        }
      />
    </ModalDialog>
  );
}
