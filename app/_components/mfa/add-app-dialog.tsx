'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import { groupSecret, MFA_LABEL_MAX, mfaLabelProblem, type NewMfaDevice } from '@/lib/credentials/mfa-shapes';
import { errorCodeOf } from '@/lib/ui/api-error';
import { useAccountId } from '@/lib/ui/account-context';
import { cancelEnrolment, useEnableMfaDevice, useStartMfaEnrolment } from '@/lib/ui/mfa-devices';
import { useGuardUnsaved } from '@/lib/ui/session-expiry';
import { ErrorAlert, useErrorText } from '../error-text';
import { FreshSignInNotice } from '../fresh-sign-in';
import { WarningIcon } from '../keys/icons';
import { ModalDialog } from '../modal-dialog';
import type { ShownOnce } from '../use-shown-once';
import { CodePairFields } from './code-pair-fields';

type Step = 'name' | 'scan' | 'codes' | 'done';

const primary = 'rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-70';
const secondary = 'rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-70';

/**
 * "Add an authenticator app", for someone who has never done it: a name, then the QR code and
 * the key (in groups of four, with copy), then two codes in a row. The seed arrives boxed
 * (useShownOnce in the parent) and is dropped when the dialog closes; closing before the
 * codes are accepted cancels the set-up, which deletes the unused device in AWS.
 */
export function AddAppDialog({
  enrolment,
  onEnrolment,
  onClose,
  returnFocus,
}: {
  enrolment: ShownOnce<NewMfaDevice> | null;
  /** Called with the new device's seed: the parent keeps it boxed. */
  onEnrolment: (device: NewMfaDevice) => void;
  /** `added`: the app was added (the parent announces it). */
  onClose: (added: { label: string } | null) => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const t = useTranslations('mfa.add');
  const errorText = useErrorText();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>('name');
  const [label, setLabel] = useState('');
  const [nameError, setNameError] = useState('');
  const [copied, setCopied] = useState('');
  const start = useStartMfaEnrolment();
  const enable = useEnableMfaDevice();
  const account = useAccountId();
  const device = enrolment?.value ?? null;

  // Leaving the page mid-way asks first; the set-up would be lost.
  useGuardUnsaved(step === 'scan' || step === 'codes');

  // Leaving anyway (tab closed, another page) cancels the set-up as closing the dialog does;
  // should that request not get through, the sweep deletes the device later.
  const openDevice = step !== 'done' ? (device?.name ?? null) : null;
  useEffect(() => {
    if (!openDevice) return;
    const onHide = () => cancelEnrolment(account, openDevice);
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, [account, openDevice]);

  useEffect(() => {
    // Each step's heading takes focus, so a screen reader says where the person is now.
    if (step !== 'name') headingRef.current?.focus();
  }, [step]);

  function close() {
    if (start.isPending || enable.isPending) return;
    if (step !== 'done' && device) cancelEnrolment(account, device.name);
    onClose(step === 'done' ? { label: device?.label ?? label } : null);
  }

  function submitName() {
    const trimmed = label.trim();
    // The route's rules (mfa-schema.ts); too long cannot be typed (maxLength), and a control
    // character is refused by the route as any bad input.
    const problem = mfaLabelProblem(label);
    if (problem === 'missing' || problem === 'hidden-characters') {
      setNameError(t(problem === 'missing' ? 'nameMissing' : 'nameHidden'));
      nameRef.current?.focus();
      return;
    }
    setNameError('');
    start.mutate(trimmed, {
      onSuccess: (created) => {
        onEnrolment(created);
        // The answer (and its seed) leaves the mutation cache at once (gcTime 0).
        start.reset();
        setStep('scan');
      },
    });
  }

  async function copyKey(secret: string) {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(t('copied'));
    } catch {
      setCopied(t('copyFailed'));
    }
  }

  function submitCodes(codes: { code1: string; code2: string }) {
    if (!device) return;
    enable.mutate({ name: device.name, ...codes }, { onSuccess: () => setStep('done') });
  }

  const enableProblem = (() => {
    if (!enable.isError) return null;
    const code = errorCodeOf(enable.error);
    if (code === 'invalid-code') return t('codesRefused');
    if (code === 'not-found') return t('expired');
    return errorText(enable.error);
  })();

  const title = step === 'name' ? t('title') : step === 'scan' ? t('scanTitle') : step === 'codes' ? t('codesTitle') : t('doneTitle');
  const stepNumber = { name: 1, scan: 2, codes: 3, done: 3 }[step];

  return (
    <ModalDialog labelledBy={`${id}-title`} onEscape={close} initialFocus={step === 'name' ? nameRef : headingRef} returnFocus={returnFocus}>
      <p className="text-sm font-medium text-slate-600">{step === 'done' ? t('finished') : t('stepOf', { step: stepNumber, steps: 3 })}</p>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="mt-1 text-xl font-semibold outline-none" data-testid="mfa-dialog-title">
        {title}
      </h2>

      {step === 'name' ? (
        <form
          className="mt-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submitName();
          }}
        >
          <p>{t('intro')}</p>
          <h3 className="mt-4 font-semibold">{t('appsTitle')}</h3>
          <p className="mt-1">{t('apps')}</p>
          <label htmlFor={`${id}-name`} className="mt-5 block font-medium">
            {t('nameLabel')}
          </label>
          <p id={`${id}-name-hint`} className="text-sm text-slate-700">
            {t('nameHint')}
          </p>
          <input
            id={`${id}-name`}
            ref={nameRef}
            value={label}
            onChange={(event) => setLabel(event.target.value)}
            maxLength={MFA_LABEL_MAX}
            autoComplete="off"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={`${id}-name-hint${nameError ? ` ${id}-name-error` : ''}`}
            className="mt-2 w-full rounded-md border border-slate-400 px-3 py-2"
          />
          {nameError ? (
            <ErrorAlert id={`${id}-name-error`} className="mt-2">
              {nameError}
            </ErrorAlert>
          ) : null}
          {start.isError && errorCodeOf(start.error) === 'reauth-required' ? (
            <FreshSignInNotice flow="add-app" className="mt-3" />
          ) : start.isError ? (
            <ErrorAlert className="mt-3">{errorText(start.error)}</ErrorAlert>
          ) : null}
          <div className="mt-5 flex flex-wrap justify-end gap-3">
            <button type="button" onClick={close} disabled={start.isPending} className={secondary}>
              {t('cancel')}
            </button>
            <button type="submit" disabled={start.isPending} className={primary}>
              {start.isPending ? t('preparing') : t('continue')}
            </button>
          </div>
        </form>
      ) : null}

      {step === 'scan' && device ? (
        <div className="mt-3">
          <ol className="list-decimal space-y-1 pl-5">
            <li>{t('scanOpen')}</li>
            <li>{t('scanAdd')}</li>
            <li>{t('scanPoint')}</li>
          </ol>
          <div className="mt-4 flex justify-center">
            {/* A data: URL from the one answer that carried the seed; never a URL the browser caches. */}
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing for next/image to optimise */}
            <img src={`data:image/png;base64,${device.qrCodePng}`} alt={t('qrAlt', { label: device.label })} width={200} height={200} className="rounded border border-slate-200" data-testid="mfa-qr" />
          </div>
          <h3 className="mt-4 font-semibold">{t('keyTitle')}</h3>
          <p className="mt-1 text-sm">{t('keyHint')}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="rounded bg-slate-100 px-2 py-1 font-mono text-base" data-testid="mfa-secret" aria-label={t('keyLabel')}>
              {groupSecret(device.secret)}
            </code>
            <button
              type="button"
              onClick={() => void copyKey(device.secret)}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
            >
              {t('copy')}
            </button>
          </div>
          <p role="status" className="mt-1 min-h-5 text-sm font-medium text-green-800">
            {copied}
          </p>
          <div className="mt-3 flex gap-3 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
            <WarningIcon className="mt-0.5 h-5 w-5 text-amber-700" />
            <p>{t('keyWarning')}</p>
          </div>
          <div className="mt-5 flex flex-wrap justify-end gap-3">
            <button type="button" onClick={close} className={secondary}>
              {t('cancel')}
            </button>
            <button type="button" onClick={() => setStep('codes')} className={primary}>
              {t('next')}
            </button>
          </div>
        </div>
      ) : null}

      {step === 'codes' && device ? (
        <div className="mt-3">
          <p>{t('codesIntro')}</p>
          <ol className="mt-2 list-decimal space-y-1 pl-5">
            <li>{t('codesFirst')}</li>
            <li>{t('codesWait')}</li>
            <li>{t('codesSecond')}</li>
          </ol>
          <CodePairFields
            idPrefix={`${id}-codes`}
            pending={enable.isPending}
            problem={enableProblem}
            submitLabel={enable.isPending ? t('checking') : t('finish')}
            onSubmit={submitCodes}
            secondary={
              <>
                <button type="button" onClick={() => setStep('scan')} disabled={enable.isPending} className={secondary}>
                  {t('back')}
                </button>
                <button type="button" onClick={close} disabled={enable.isPending} className={secondary}>
                  {t('cancel')}
                </button>
              </>
            }
          />
        </div>
      ) : null}

      {step === 'done' ? (
        <div className="mt-3">
          <p data-testid="mfa-added">{t('doneBody', { label: device?.label ?? label })}</p>
          <p className="mt-2">{t('doneNext')}</p>
          <div className="mt-5 flex justify-end">
            <button type="button" onClick={close} className={primary}>
              {t('done')}
            </button>
          </div>
        </div>
      ) : null}
    </ModalDialog>
  );
}
