'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { errorCodeOf } from '@/lib/ui/api-error';
import { useAccountId } from '@/lib/ui/account-context';
import { personOverviewQueryKey, type HelpdeskCase, type PersonOverview } from '@/lib/ui/helpdesk';
import { performHelpdeskAction, type HelpdeskAction } from '@/lib/ui/helpdesk-changes';
import { useErrorText } from '../error-text';
import { useShownOnce } from '../use-shown-once';
import { ConfirmActionDialog } from './confirm-action-dialog';
import { TemporaryPasswordDialog, type TemporaryPasswordShown } from './temporary-password-dialog';
import { useDeviceTitle } from '../mfa/device-title';
import { buttonStyles } from './words';

/**
 * What the agent can do for a verified person, each behind a confirmation that says what will
 * happen. A temporary password comes back once: it is boxed in this component's state (see
 * useShownOnce) and the mutation is reset at once (gcTime 0), so no cache ever holds it.
 */
export function HelpdeskActions({
  overview,
  helpdeskCase,
  onCaseExpired,
  announce,
  fail,
}: {
  overview: PersonOverview;
  helpdeskCase: HelpdeskCase;
  onCaseExpired: () => void;
  announce: (message: string) => void;
  fail: (message: string) => void;
}) {
  const t = useTranslations('helpdesk.actions');
  const errorText = useErrorText();
  const format = useFormatter();
  const queryClient = useQueryClient();
  const userName = overview.userName;
  const account = useAccountId();
  const [confirming, setConfirming] = useState<HelpdeskAction | null>(null);
  const temporaryPassword = useShownOnce<TemporaryPasswordShown>();
  const sectionHeadingRef = useRef<HTMLHeadingElement>(null);

  const mutation = useMutation({ mutationKey: ['helpdesk', 'action'], mutationFn: performHelpdeskAction, gcTime: 0 });
  const activeKeys = overview.accessKeys.filter((key) => key.status === 'Active');
  const deviceTitle = useDeviceTitle();
  const titleOf = (name: string) => {
    const device = overview.mfaDevices.find((d) => d.name === name);
    return device ? deviceTitle(device) : name;
  };

  const link = overview.signInLink;
  const linkedWho = link ? (link.name && link.signInName ? `${link.name} (${link.signInName})` : (link.signInName ?? link.name ?? link.subject)) : '';

  const refreshOverview = () => queryClient.invalidateQueries({ queryKey: personOverviewQueryKey(userName, account) });

  function run(request: HelpdeskAction) {
    mutation.mutate(
      { userName, caseId: helpdeskCase.id, request, account },
      {
        // Not onSettled: reset() drops the mutation (and the password with it) right here.
        onSuccess: (result) => {
          mutation.reset();
          void refreshOverview();
          setConfirming(null);
          const enabling = request.action === 'enable-console-password';
          if (result.temporaryPassword) temporaryPassword.show({ password: result.temporaryPassword, unconfirmed: result.unconfirmed === true, enabling });
          if (result.unconfirmed) fail(t(enabling ? 'unconfirmedEnable' : 'unconfirmed', { userName }));
          else announce(doneMessage(request, result.deactivatedKeyIds?.length ?? 0));
        },
        onError: (error) => {
          mutation.reset();
          void refreshOverview();
          setConfirming(null);
          if (errorCodeOf(error) === 'case-expired') onCaseExpired();
          else fail(t('failed', { reason: errorText(error) }));
        },
      },
    );
  }

  function doneMessage(request: HelpdeskAction, deactivated: number): string {
    switch (request.action) {
      case 'set-temporary-password':
        return t('done.set-temporary-password', { userName });
      case 'enable-console-password':
        return t('done.enable-console-password', { userName });
      case 'disable-console-password':
        return t('done.disable-console-password', { userName });
      case 'deactivate-key':
        return t('done.deactivate-key', { accessKeyId: request.accessKeyId });
      case 'deactivate-all-keys':
        return t('done.deactivate-all-keys', { count: deactivated });
      case 'delete-key':
        return t('done.delete-key', { accessKeyId: request.accessKeyId });
      case 'remove-mfa-device':
        return t('done.remove-mfa-device', { device: titleOf(request.mfaDevice) });
      case 'release-sign-in-link':
        return t('done.release-sign-in-link', { userName });
    }
  }

  function confirmation(request: HelpdeskAction): { title: string; body: string; confirm: string; danger: boolean } {
    switch (request.action) {
      case 'set-temporary-password':
        return { title: t('confirm.set-temporary-password.title'), body: t('confirm.set-temporary-password.body', { userName }), confirm: t('confirm.set-temporary-password.button'), danger: false };
      case 'enable-console-password':
        return { title: t('confirm.enable-console-password.title'), body: t('confirm.enable-console-password.body', { userName }), confirm: t('confirm.enable-console-password.button'), danger: false };
      case 'disable-console-password':
        return { title: t('confirm.disable-console-password.title'), body: t('confirm.disable-console-password.body', { userName }), confirm: t('confirm.disable-console-password.button'), danger: true };
      case 'deactivate-key':
        return { title: t('confirm.deactivate-key.title', { accessKeyId: request.accessKeyId }), body: t('confirm.deactivate-key.body', { userName }), confirm: t('confirm.deactivate-key.button'), danger: true };
      case 'deactivate-all-keys':
        return { title: t('confirm.deactivate-all-keys.title', { userName }), body: t('confirm.deactivate-all-keys.body', { count: activeKeys.length }), confirm: t('confirm.deactivate-all-keys.button'), danger: true };
      case 'delete-key':
        return { title: t('confirm.delete-key.title', { accessKeyId: request.accessKeyId }), body: t('confirm.delete-key.body'), confirm: t('confirm.delete-key.button'), danger: true };
      case 'remove-mfa-device':
        return {
          title: t('confirm.remove-mfa-device.title', { device: titleOf(request.mfaDevice) }),
          body: t('confirm.remove-mfa-device.body', { userName }),
          confirm: t('confirm.remove-mfa-device.button'),
          danger: true,
        };
      case 'release-sign-in-link':
        return {
          title: t('confirm.release-sign-in-link.title'),
          body: t('confirm.release-sign-in-link.body', { userName, who: linkedWho }),
          confirm: t('confirm.release-sign-in-link.button'),
          danger: true,
        };
    }
  }

  const shown = confirming ? confirmation(confirming) : null;

  return (
    <section aria-labelledby="actions-title" className="rounded-lg border border-slate-200 bg-white p-6" data-testid="actions-section">
      <h2 id="actions-title" ref={sectionHeadingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
        {t('title')}
      </h2>
      <p className="mt-2 text-slate-700">{t('intro')}</p>

      <div className="mt-5 grid gap-6 md:grid-cols-2">
        <div>
          <h3 className="font-semibold">{t('consoleTitle')}</h3>
          <p className="mt-1 text-sm text-slate-700">{overview.consolePassword.enabled ? t('consoleOn') : t('consoleOff')}</p>
          <div className="mt-3 flex flex-wrap gap-2">
            {overview.consolePassword.enabled ? (
              <>
                <button type="button" className={buttonStyles.secondary} onClick={() => setConfirming({ action: 'set-temporary-password' })}>
                  {t('setTemporaryPassword')}
                </button>
                <button type="button" className={buttonStyles.secondary} onClick={() => setConfirming({ action: 'disable-console-password' })}>
                  {t('disableConsole')}
                </button>
              </>
            ) : (
              <button type="button" className={buttonStyles.secondary} onClick={() => setConfirming({ action: 'enable-console-password' })}>
                {t('enableConsole')}
              </button>
            )}
          </div>
        </div>

        <div>
          <h3 className="font-semibold">{t('keysTitle')}</h3>
          {overview.accessKeys.length === 0 ? <p className="mt-1 text-sm text-slate-700">{t('noKeys')}</p> : null}
          <ul className="mt-2 space-y-2">
            {overview.accessKeys.map((key) => (
              <li key={key.accessKeyId} className="flex flex-wrap items-center gap-2">
                {key.description ? <span className="text-sm font-medium">{key.description}</span> : null}
                <code className="font-mono text-sm">{key.accessKeyId}</code>
                {key.status === 'Active' ? (
                  <button type="button" className={buttonStyles.small} onClick={() => setConfirming({ action: 'deactivate-key', accessKeyId: key.accessKeyId })}>
                    {t('deactivateKey')}
                    <span className="sr-only"> {key.accessKeyId}</span>
                  </button>
                ) : (
                  <button type="button" className={buttonStyles.dangerOutline} onClick={() => setConfirming({ action: 'delete-key', accessKeyId: key.accessKeyId })}>
                    {t('deleteKey')}
                    <span className="sr-only"> {key.accessKeyId}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
          {activeKeys.length > 0 ? (
            <div className="mt-4 rounded-md border border-red-200 bg-red-50 p-3">
              <p className="text-sm text-red-950">{t('leakHint')}</p>
              <button type="button" className={`${buttonStyles.danger} mt-2`} onClick={() => setConfirming({ action: 'deactivate-all-keys' })}>
                {t('deactivateAll')}
              </button>
            </div>
          ) : null}
          {overview.accessKeys.some((key) => key.status === 'Active') ? <p className="mt-2 text-sm text-slate-700">{t('deleteHint')}</p> : null}
        </div>
      </div>

      <div className="mt-6">
        <h3 className="font-semibold">{t('mfaTitle')}</h3>
        <p className="mt-1 text-sm text-slate-700">{t('mfaHint')}</p>
        {overview.mfaDevices.length === 0 ? <p className="mt-1 text-sm text-slate-700">{t('noMfa')}</p> : null}
        <ul className="mt-2 space-y-2">
          {overview.mfaDevices.map((device) => (
            <li key={device.name} className="flex flex-wrap items-center gap-2">
              <span className="text-sm">{deviceTitle(device)}</span>
              <button
                type="button"
                className={buttonStyles.dangerOutline}
                onClick={() => setConfirming({ action: 'remove-mfa-device', mfaDevice: device.name })}
              >
                {t('removeMfa')}
                <span className="sr-only"> {deviceTitle(device)}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>

      <div className="mt-6" data-testid="sign-in-link">
        <h3 className="font-semibold">{t('linkTitle')}</h3>
        {link ? (
          <>
            <p className="mt-1 text-sm text-slate-700">
              {t('linkedTo', { who: linkedWho, when: format.dateTime(new Date(link.linkedAt), { dateStyle: 'medium', timeStyle: 'short' }) })}
            </p>
            <p className="mt-1 text-sm text-slate-700">{t('linkHint')}</p>
            <button type="button" className={`mt-2 ${buttonStyles.dangerOutline}`} onClick={() => setConfirming({ action: 'release-sign-in-link' })}>
              {t('releaseLink')}
            </button>
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-700">{t('notLinked')}</p>
        )}
      </div>

      {confirming && shown ? (
        <ConfirmActionDialog
          title={shown.title}
          body={<p>{shown.body}</p>}
          confirmLabel={shown.confirm}
          danger={shown.danger}
          pending={mutation.isPending}
          onConfirm={() => run(confirming)}
          onCancel={() => setConfirming(null)}
        />
      ) : null}

      {temporaryPassword.shown ? (
        <TemporaryPasswordDialog
          userName={userName}
          password={temporaryPassword.shown}
          onDone={temporaryPassword.clear}
          returnFocus={() => sectionHeadingRef.current}
        />
      ) : null}
    </section>
  );
}
