'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { lazy, Suspense, useRef, useState } from 'react';
import type { MfaDeviceList, MfaDeviceView, NewMfaDevice } from '@/lib/credentials/mfa-shapes';
import { useAccountId } from '@/lib/ui/account-context';
import { mfaDevicesQueryOptions } from '@/lib/ui/mfa-devices';
import { useErrorText } from '../error-text';
import { FreshSignInNotice, useFreshSignIn, useResumeAfterSignIn } from '../fresh-sign-in';
import { WarningIcon } from '../keys/icons';
import { LiveRegions, useLiveMessages } from '../live-regions';
import { useShownOnce } from '../use-shown-once';
import { DeviceCard } from './device-card';
import { AWS_CONSOLE_SECURITY_CREDENTIALS, useDeviceTitle } from './device-title';

// The dialogs load when they open: most visits only look at the devices (bench:pages).
// React.lazy rather than next/dynamic, which would add its own loader to the page.
const AddAppDialog = lazy(() => import('./add-app-dialog').then((m) => ({ default: m.AddAppDialog })));
const RemoveDeviceDialog = lazy(() => import('./remove-device-dialog').then((m) => ({ default: m.RemoveDeviceDialog })));
const ResyncDialog = lazy(() => import('./resync-dialog').then((m) => ({ default: m.ResyncDialog })));

/** The /mfa page's working part: the devices, adding an authenticator app, resync, remove. */
export function MfaManager({ initialData }: { initialData: MfaDeviceList }) {
  const t = useTranslations('mfa');
  const errorText = useErrorText();
  const title = useDeviceTitle();
  const { data = initialData, isError, error, refetch } = useQuery({ ...mfaDevicesQueryOptions(useAccountId()), initialData });
  const { status, problem, announce } = useLiveMessages();
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const [adding, setAdding] = useState(false);
  // The seed lives here, boxed, and only until the dialog closes.
  const enrolment = useShownOnce<NewMfaDevice>();
  const [removing, setRemoving] = useState<MfaDeviceView | null>(null);
  const [resyncing, setResyncing] = useState<MfaDeviceView | null>(null);

  const full = data.devices.length >= data.quota;
  // A device added is a way to sign in as the person: the set-up starts from a recent sign-in.
  const freshSignIn = useFreshSignIn();
  useResumeAfterSignIn('add-app', () => void startAdding());

  async function startAdding() {
    announce('');
    if (!(await freshSignIn.ensure())) return;
    setAdding(true);
  }

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>
      </div>

      <section aria-labelledby="mfa-list-title" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <h2 id="mfa-list-title" ref={listHeadingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
            {t('listTitle', { count: data.devices.length, quota: data.quota })}
          </h2>
          {!full && !freshSignIn.needed ? (
            <button
              ref={addButtonRef}
              type="button"
              disabled={freshSignIn.checking}
              onClick={() => void startAdding()}
              className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
            >
              {t('addApp')}
            </button>
          ) : null}
        </div>
        {freshSignIn.needed && !full ? <FreshSignInNotice flow="add-app" /> : null}
        <LiveRegions status={status} problem={problem} />
        {full ? <p className="rounded-md border border-slate-300 bg-slate-50 p-3">{t('full', { quota: data.quota })}</p> : null}
        {isError ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
            {errorText(error)}{' '}
            <button type="button" className="font-medium underline" onClick={() => void refetch()}>
              {t('retry')}
            </button>
          </div>
        ) : null}
        {data.devices.length === 0 ? (
          <div className="flex gap-3 rounded-lg border border-amber-400 bg-amber-50 p-5 text-amber-950" data-testid="mfa-none">
            <WarningIcon className="mt-1 h-5 w-5 text-amber-700" />
            <p>{t('none')}</p>
          </div>
        ) : (
          <ul className="space-y-4">
            {data.devices.map((device) => (
              <DeviceCard key={device.name} device={device} onResync={setResyncing} onRemove={setRemoving} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="about-mfa-title" className="max-w-3xl rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="about-mfa-title" className="text-lg font-semibold">
          {t('about.title')}
        </h2>
        <p className="mt-2">{t('about.what')}</p>
        <h3 className="mt-4 font-semibold">{t('about.newPhoneTitle')}</h3>
        <p className="mt-1">{t('about.newPhone')}</p>
        <h3 className="mt-4 font-semibold">{t('about.lostTitle')}</h3>
        <p className="mt-1">{t('about.lost')}</p>
        <h3 className="mt-4 font-semibold">{t('about.keysTitle')}</h3>
        <p className="mt-1">
          {t('about.keys')}{' '}
          <a href={AWS_CONSOLE_SECURITY_CREDENTIALS} target="_blank" rel="noopener noreferrer" className="font-medium text-blue-700 underline hover:text-blue-900">
            {t('consoleLink')}
            <span className="sr-only"> {t('opensNewTab')}</span>
          </a>
        </p>
      </section>

      <Suspense fallback={null}>
        {adding ? (
          <AddAppDialog
            enrolment={enrolment.shown}
            onEnrolment={enrolment.show}
            onClose={(added) => {
              enrolment.clear();
              setAdding(false);
              if (added) announce(t('addedNotice', { label: added.label }));
            }}
            returnFocus={() => addButtonRef.current ?? listHeadingRef.current}
          />
        ) : null}
        {removing ? (
          <RemoveDeviceDialog
            device={removing}
            onlyOne={data.devices.length === 1}
            onClose={() => setRemoving(null)}
            onRemoved={() => {
              announce(t('removedNotice', { device: title(removing) }));
              setRemoving(null);
            }}
            returnFocus={() => listHeadingRef.current}
          />
        ) : null}
        {resyncing ? (
          <ResyncDialog
            device={resyncing}
            onClose={() => setResyncing(null)}
            onResynced={() => {
              announce(t('resyncedNotice', { device: title(resyncing) }));
              setResyncing(null);
            }}
          />
        ) : null}
      </Suspense>
    </div>
  );
}
