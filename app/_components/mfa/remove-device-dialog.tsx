'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useRef } from 'react';
import type { MfaDeviceView } from '@/lib/credentials/mfa-shapes';
import { withAccount } from '@/lib/ui/account';
import { useAccountId } from '@/lib/ui/account-context';
import { errorCodeOf } from '@/lib/ui/api-error';
import { recentSignInQueryOptions } from '@/lib/ui/console-password';
import { useDeleteMfaDevice } from '@/lib/ui/mfa-devices';
import { ErrorAlert, useErrorText } from '../error-text';
import { WarningIcon } from '../keys/icons';
import { ModalDialog } from '../modal-dialog';
import { useDeviceTitle } from './device-title';

/**
 * Removing a device takes a sign-in at most 5 minutes old, as a password change does: whoever
 * merely found the session open must not be able to take the MFA away.
 */
export function RemoveDeviceDialog({
  device,
  onlyOne,
  onClose,
  onRemoved,
  returnFocus,
}: {
  device: MfaDeviceView;
  onlyOne: boolean;
  onClose: () => void;
  onRemoved: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('mfa.remove');
  // Back to this page, in the account it shows.
  const reauthHref = `/reauth?callbackUrl=${encodeURIComponent(withAccount('/mfa', useAccountId()))}`;
  const errorText = useErrorText();
  const title = useDeviceTitle();
  const id = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const recent = useQuery(recentSignInQueryOptions());
  const remove = useDeleteMfaDevice();
  const needsSignIn = recent.data?.fresh === false || errorCodeOf(remove.error) === 'reauth-required';

  return (
    <ModalDialog
      role="alertdialog"
      labelledBy={`${id}-title`}
      describedBy={`${id}-consequences`}
      onEscape={remove.isPending ? undefined : onClose}
      initialFocus={cancelRef}
      returnFocus={returnFocus}
    >
      <h2 id={`${id}-title`} className="text-xl font-semibold">
        {t('title', { device: title(device) })}
      </h2>
      <div id={`${id}-consequences`} className="mt-4 flex gap-3 rounded-md border border-red-300 bg-red-50 p-4 text-red-950">
        <WarningIcon className="mt-0.5 h-5 w-5 text-red-700" />
        <ul className="list-disc space-y-1 pl-4 text-sm">
          <li>{t('consequenceCodes')}</li>
          {onlyOne ? <li>{t('consequenceLast')}</li> : null}
          <li>{t('consequenceLost')}</li>
        </ul>
      </div>
      {needsSignIn ? (
        <div className="mt-4 rounded-md border border-blue-200 bg-blue-50 p-4" data-testid="mfa-reauth">
          <p className="font-semibold">{t('reauthTitle')}</p>
          <p className="mt-1">{t('reauthBody')}</p>
          <a href={reauthHref} className="mt-3 inline-block rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800">
            {t('reauthButton')}
          </a>
        </div>
      ) : null}
      {remove.isError && errorCodeOf(remove.error) !== 'reauth-required' ? <ErrorAlert className="mt-3">{errorText(remove.error)}</ErrorAlert> : null}
      <div className="mt-5 flex flex-wrap justify-end gap-3">
        <button
          ref={cancelRef}
          type="button"
          onClick={onClose}
          disabled={remove.isPending}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100"
        >
          {t('cancel')}
        </button>
        {!needsSignIn ? (
          <button
            type="button"
            disabled={remove.isPending || recent.isPending}
            onClick={() => remove.mutate(device.name, { onSuccess: onRemoved })}
            className="rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:bg-red-300"
          >
            {remove.isPending ? t('removing') : t('confirm')}
          </button>
        ) : null}
      </div>
    </ModalDialog>
  );
}
