'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { AccessKeyList, AccessKeyView, NewAccessKey } from '@/lib/credentials/access-key-shapes';
import { useCreateAccessKey, useRefreshAccessKeys, useSetAccessKeyStatus } from '@/lib/ui/access-key-mutations';
import { withAccount } from '@/lib/ui/account';
import { useAccountId } from '@/lib/ui/account-context';
import { accessKeysQueryOptions } from '@/lib/ui/access-keys';
import { errorCodeOf } from '@/lib/ui/api-error';
import { AppLink } from '../app-link';
import { useErrorText } from '../error-text';
import { FreshSignInNotice, useFreshSignIn, useResumeAfterSignIn } from '../fresh-sign-in';
import { LiveRegions, useLiveMessages } from '../live-regions';
import { useShownOnce } from '../use-shown-once';
import { CheckIcon } from './icons';
import { StatusBadge } from './key-badges';
import { FirstUseStatus, KeyLabel, LastUsedText, useCreateFailureText } from './key-words';

// The dialogs load when they open: most visits only look at the keys (bench:pages).
// React.lazy rather than next/dynamic, which would add its own loader to the page.
const NewKeyDialog = lazy(() => import('./new-key-dialog').then((m) => ({ default: m.NewKeyDialog })));
const NewKeyForm = lazy(() => import('./new-key-form').then((m) => ({ default: m.NewKeyForm })));
const DeleteKeyDialog = lazy(() => import('./delete-key-dialog').then((m) => ({ default: m.DeleteKeyDialog })));

type Phase = 'choose' | 'makeRoom' | 'create' | 'switchApps' | 'verify' | 'done';

const primary = 'rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:opacity-60';
const secondary = 'rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60';
const danger = 'rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:bg-red-300';

/** What a key was last used for, said before the person is asked to delete it. */
function LastUseWarning({ accessKey }: { accessKey: AccessKeyView }) {
  const t = useTranslations('rotate');
  const format = useFormatter();
  const used = accessKey.lastUsed;
  if (!used) return <p data-testid="last-use-warning">{t('lastUseNever')}</p>;
  return (
    <p className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950" data-testid="last-use-warning">
      {t('lastUseWarning', {
        date: format.dateTime(new Date(used.date), { dateStyle: 'medium', timeStyle: 'short' }),
        service: used.serviceName,
        region: used.region,
      })}
    </p>
  );
}

/**
 * Guided key rotation, one step at a time. The steps live in this component's state only: a
 * reload starts over, and nothing about the flow (least of all the secret) goes in the URL.
 */
export function RotationFlow({ initialData, preselect }: { initialData: AccessKeyList; preselect: string | null }) {
  const t = useTranslations('rotate');
  const tKeys = useTranslations('keys');
  const format = useFormatter();
  const errorText = useErrorText();
  const createFailureText = useCreateFailureText();
  const account = useAccountId();
  const { data = initialData } = useQuery({ ...accessKeysQueryOptions(account), initialData });
  const { status, problem, announce, fail } = useLiveMessages();

  const [phase, setPhase] = useState<Phase>('choose');
  const [oldKeyId, setOldKeyId] = useState<string | null>(() => {
    if (preselect && initialData.keys.some((k) => k.accessKeyId === preselect)) return preselect;
    return initialData.keys.length === 1 ? (initialData.keys[0]?.accessKeyId ?? null) : null;
  });
  const [otherKeyId, setOtherKeyId] = useState<string | null>(null);
  const [needsRoom, setNeedsRoom] = useState(false);
  const [chooseError, setChooseError] = useState(false);

  const create = useCreateAccessKey();
  const refresh = useRefreshAccessKeys();
  const newKey = useShownOnce<NewAccessKey>();
  const [newKeyId, setNewKeyId] = useState<string | null>(null);
  const [quotaRace, setQuotaRace] = useState(false);

  const setStatus = useSetAccessKeyStatus();
  const [switched, setSwitched] = useState(false);
  const [works, setWorks] = useState(false);
  // The key being deleted, as it was when the dialog opened: the dialog must outlive the key leaving the list.
  const [deleting, setDeleting] = useState<AccessKeyView | null>(null);

  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstPhase = useRef(true);
  useEffect(() => {
    // Each new step is announced and focused by its heading (not on arrival: the page's h1 leads).
    if (firstPhase.current) {
      firstPhase.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [phase]);

  const oldKey = data.keys.find((k) => k.accessKeyId === oldKeyId) ?? null;
  const otherKey = data.keys.find((k) => k.accessKeyId === otherKeyId) ?? null;
  const roomNeeded = phase === 'choose' ? data.keys.length >= data.quota : needsRoom;
  const steps: Exclude<Phase, 'done'>[] = ['choose', ...(roomNeeded ? (['makeRoom'] as const) : []), 'create', 'switchApps', 'verify'];
  const stepIndex = phase === 'done' ? steps.length : steps.indexOf(phase);

  function go(next: Phase) {
    setPhase(next);
  }

  // The new key outlives the session, so the rotation starts with a recent sign-in: one sign-in
  // covers the whole rotation (only creating the key needs it).
  const freshSignIn = useFreshSignIn();
  useResumeAfterSignIn('rotate', () => void choose());

  async function choose() {
    if (!oldKeyId || !data.keys.some((k) => k.accessKeyId === oldKeyId)) {
      setChooseError(true);
      return;
    }
    if (!(await freshSignIn.ensure())) return;
    const full = data.keys.length >= data.quota;
    setNeedsRoom(full);
    setOtherKeyId(full ? (data.keys.find((k) => k.accessKeyId !== oldKeyId)?.accessKeyId ?? null) : null);
    go(full ? 'makeRoom' : 'create');
  }

  function changeStatus(accessKeyId: string, next: AccessKeyView['status'], then?: () => void) {
    setStatus.mutate(
      { accessKeyId, status: next },
      {
        onSuccess: () => {
          announce(next === 'Active' ? tKeys('reactivated', { accessKeyId }) : tKeys('deactivated', { accessKeyId }));
          then?.();
        },
        onError: (err) =>
          fail(tKeys(next === 'Active' ? 'reactivateFailed' : 'deactivateFailed', { accessKeyId, reason: errorText(err) })),
      },
    );
  }

  function createNewKey(description: string) {
    setQuotaRace(false);
    announce('');
    create.mutate(
      { description },
      {
        onSuccess: (key) => {
          newKey.show(key);
          setNewKeyId(key.accessKeyId);
          create.reset();
          void refresh();
        },
        onError: (err) => {
          // The sign-in stopped being recent on the way (making room took a while).
          if (errorCodeOf(err) === 'reauth-required') freshSignIn.require();
          else if (errorCodeOf(err) === 'access-key-quota') {
            setQuotaRace(true);
            void refresh();
          } else fail(createFailureText(err));
        },
      },
    );
  }

  const title = phase === 'done' ? t('doneTitle') : t(`steps.${phase}`);

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-2 text-slate-700">{t('intro')}</p>
      </div>

      <ol aria-label={t('progress')} className="flex flex-wrap gap-2 text-sm">
        {steps.map((step, i) => {
          const done = i < stepIndex;
          const current = i === stepIndex;
          return (
            <li
              key={step}
              aria-current={current ? 'step' : undefined}
              className={`flex items-center gap-2 rounded-full border px-3 py-1 ${
                current ? 'border-blue-700 bg-blue-50 font-semibold text-blue-900' : done ? 'border-green-300 bg-green-50 text-green-900' : 'border-slate-300 bg-white text-slate-700'
              }`}
            >
              {done ? <CheckIcon /> : <span aria-hidden="true">{i + 1}.</span>}
              {t(`steps.${step}`)}
              {done ? <span className="sr-only">({t('stepDone')})</span> : null}
            </li>
          );
        })}
      </ol>

      <section aria-labelledby="rotation-step-title" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="rotation-step-title" ref={headingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
          {phase === 'done' ? title : t('stepHeading', { current: stepIndex + 1, total: steps.length, title })}
        </h2>

        <div className="mt-4 space-y-4">
          {phase === 'choose' ? (
            data.keys.length === 0 ? (
              <p>
                {t('noKeys')}{' '}
                <AppLink href={withAccount('/keys', account)} className="font-medium text-blue-700 underline">
                  {t('backToKeys')}
                </AppLink>
              </p>
            ) : (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  void choose();
                }}
                className="space-y-4"
              >
                <fieldset aria-describedby={chooseError ? 'choose-error' : undefined}>
                  <legend className="font-medium">{t('chooseLegend')}</legend>
                  <div className="mt-3 space-y-3">
                    {data.keys.map((key) => (
                      <label key={key.accessKeyId} className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-blue-700 has-[:checked]:bg-blue-50">
                        <input
                          type="radio"
                          name="old-key"
                          value={key.accessKeyId}
                          checked={oldKeyId === key.accessKeyId}
                          onChange={() => {
                            setOldKeyId(key.accessKeyId);
                            setChooseError(false);
                          }}
                          className="mt-1 h-4 w-4 accent-blue-700"
                        />
                        <span>
                          <KeyLabel accessKey={key} /> <StatusBadge status={key.status} />
                          <span className="mt-1 block text-sm text-slate-700">
                            {tKeys('created')}: {format.dateTime(new Date(key.createDate), { dateStyle: 'medium' })}
                          </span>
                          <span className="block text-sm text-slate-700">
                            {tKeys('lastUsed')}: <LastUsedText lastUsed={key.lastUsed} />
                          </span>
                        </span>
                      </label>
                    ))}
                  </div>
                </fieldset>
                {chooseError ? (
                  <p id="choose-error" role="alert" className="text-red-800">
                    {t('chooseError')}
                  </p>
                ) : null}
                {data.keys.length >= data.quota ? <p className="text-slate-700">{t('chooseFullNote', { quota: data.quota })}</p> : null}
                {freshSignIn.needed && oldKeyId ? <FreshSignInNotice flow="rotate" params={{ key: oldKeyId }} /> : null}
                <button type="submit" className={primary} disabled={freshSignIn.checking}>
                  {t('continue')}
                </button>
              </form>
            )
          ) : null}

          {phase === 'makeRoom' ? (
            otherKey ? (
              <>
                <p>{t('makeRoomBody', { quota: data.quota })}</p>
                <div className="rounded-md border border-slate-200 p-3">
                  <KeyLabel accessKey={otherKey} /> <StatusBadge status={otherKey.status} />
                  <p className="mt-1 text-sm text-slate-700">
                    {tKeys('lastUsed')}: <LastUsedText lastUsed={otherKey.lastUsed} />
                  </p>
                </div>
                <LastUseWarning accessKey={otherKey} />
                <p>{t('makeRoomUnsure')}</p>
                {otherKey.status === 'Active' ? (
                  <>
                    <p>{t('makeRoomDeactivateFirst')}</p>
                    <button type="button" className={secondary} disabled={setStatus.isPending} onClick={() => changeStatus(otherKey.accessKeyId, 'Inactive')}>
                      {t('deactivateKey', { accessKeyId: otherKey.accessKeyId })}
                    </button>
                  </>
                ) : (
                  <>
                    <p>{t('makeRoomDelete')}</p>
                    <div className="flex flex-wrap gap-3">
                      <button type="button" className={danger} onClick={() => setDeleting(otherKey)}>
                        {t('deleteKey', { accessKeyId: otherKey.accessKeyId })}
                      </button>
                      <button type="button" className={secondary} disabled={setStatus.isPending} onClick={() => changeStatus(otherKey.accessKeyId, 'Active')}>
                        {t('reactivateKey', { accessKeyId: otherKey.accessKeyId })}
                      </button>
                    </div>
                  </>
                )}
              </>
            ) : (
              <>
                <p>{t('makeRoomDone')}</p>
                <button type="button" className={primary} onClick={() => go('create')}>
                  {t('continue')}
                </button>
              </>
            )
          ) : null}

          {phase === 'create' ? (
            <>
              <p>{t('createBody', { accessKeyId: oldKeyId ?? '' })}</p>
              {freshSignIn.needed && oldKeyId ? <FreshSignInNotice flow="rotate" params={{ key: oldKeyId }} /> : null}
              {quotaRace ? (
                <p role="alert" className="rounded-md border border-blue-200 bg-blue-50 p-3">
                  {t('createQuota', { quota: data.quota })}
                </p>
              ) : null}
              <Suspense fallback={null}>
                <NewKeyForm pending={create.isPending} initialName={oldKey?.description ?? ''} submitLabel={t('createButton')} onCreate={createNewKey} />
              </Suspense>
            </>
          ) : null}

          {phase === 'switchApps' && oldKeyId ? (
            <>
              <p>{t('switchBody', { newKeyId: newKeyId ?? '', oldKeyId })}</p>
              <p className="text-slate-700">{t('switchExamples')}</p>
              {newKeyId ? (
                <div>
                  <p className="font-medium">{t('firstUseTitle')}</p>
                  <div className="mt-1">
                    <FirstUseStatus accessKeyId={newKeyId} />
                  </div>
                </div>
              ) : null}
              {oldKey?.status === 'Inactive' ? (
                <>
                  <p>{t('oldAlreadyInactive')}</p>
                  <button type="button" className={primary} onClick={() => go('verify')}>
                    {t('continue')}
                  </button>
                </>
              ) : (
                <>
                  <label className="flex items-start gap-3">
                    <input type="checkbox" checked={switched} onChange={(e) => setSwitched(e.target.checked)} className="mt-1 h-5 w-5 accent-blue-700" />
                    <span className="font-medium">{t('switchedCheckbox')}</span>
                  </label>
                  <p className="text-sm text-slate-700">{t('deactivateHint')}</p>
                  <button
                    type="button"
                    className={primary}
                    disabled={!switched || setStatus.isPending}
                    onClick={() => changeStatus(oldKeyId, 'Inactive', () => go('verify'))}
                  >
                    {t('deactivateOld')}
                  </button>
                </>
              )}
            </>
          ) : null}

          {phase === 'verify' && oldKeyId ? (
            <>
              <p>{t('verifyBody', { oldKeyId })}</p>
              {oldKey ? <LastUseWarning accessKey={oldKey} /> : null}
              <p>{t('verifyLater')}</p>
              <label className="flex items-start gap-3">
                <input type="checkbox" checked={works} onChange={(e) => setWorks(e.target.checked)} className="mt-1 h-5 w-5 accent-blue-700" />
                <span className="font-medium">{t('worksCheckbox')}</span>
              </label>
              <div className="flex flex-wrap gap-3">
                <button type="button" className={danger} disabled={!works} onClick={() => setDeleting(oldKey)}>
                  {t('deleteOld')}
                </button>
              </div>
              <div className="rounded-md border border-slate-200 bg-slate-50 p-4">
                <p>{t('somethingBroke')}</p>
                <button
                  type="button"
                  className={`${secondary} mt-3`}
                  disabled={setStatus.isPending}
                  onClick={() =>
                    changeStatus(oldKeyId, 'Active', () => {
                      setSwitched(false);
                      setWorks(false);
                      go('switchApps');
                      announce(t('reactivatedOld', { accessKeyId: oldKeyId }));
                    })
                  }
                >
                  {t('reactivateOld')}
                </button>
              </div>
            </>
          ) : null}

          {phase === 'done' ? (
            <>
              <p>{t('doneBody', { newKeyId: newKeyId ?? '', oldKeyId: oldKeyId ?? '' })}</p>
              <AppLink href={withAccount('/keys', account)} className="inline-block font-semibold text-blue-700 underline hover:text-blue-900">
                {t('backToKeys')}
              </AppLink>
            </>
          ) : null}
        </div>
      </section>

      <LiveRegions status={status} problem={problem} />

      {phase !== 'done' ? (
        <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <p className="text-slate-700">{t(`stopNote.${phase}`)}</p>
          <AppLink href={withAccount('/keys', account)} className="mt-2 inline-block font-medium text-blue-700 underline hover:text-blue-900">
            {t('stop')}
          </AppLink>
        </div>
      ) : null}

      <Suspense fallback={null}>
        {newKey.shown ? (
          <NewKeyDialog
            newKey={newKey.shown}
            onDone={() => {
              newKey.clear();
              void refresh();
              go('switchApps');
            }}
            returnFocus={() => headingRef.current}
          />
        ) : null}
        {deleting ? (
          <DeleteKeyDialog
            accessKey={deleting}
            onClose={() => setDeleting(null)}
            onDeleted={() => {
              const wasOld = deleting.accessKeyId === oldKeyId;
              setDeleting(null);
              announce(tKeys('deleted', { accessKeyId: deleting.accessKeyId }));
              go(wasOld ? 'done' : 'create');
            }}
          />
        ) : null}
      </Suspense>
    </div>
  );
}
