'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { lazy, Suspense, useRef, useState } from 'react';
import type { AccessKeyList, AccessKeyView, NewAccessKey } from '@/lib/credentials/access-key-shapes';
import {
  useCreateAccessKey,
  usePendingStatusKeyIds,
  useRefreshAccessKeys,
  useSetAccessKeyStatus,
} from '@/lib/ui/access-key-mutations';
import { useAccountId } from '@/lib/ui/account-context';
import { accessKeysQueryOptions } from '@/lib/ui/access-keys';
import { errorCodeOf } from '@/lib/ui/api-error';
import { useErrorText } from '../error-text';
import { FreshSignInNotice, useFreshSignIn, useResumeAfterSignIn } from '../fresh-sign-in';
import { LiveRegions, useLiveMessages } from '../live-regions';
import { useShownOnce } from '../use-shown-once';
import { KeyCard } from './key-card';
import { useCreateFailureText } from './key-words';
import { QuotaNotice } from './quota-notice';

// The dialogs, and the new key's form, load when they open: most visits only look at the
// keys (bench:pages).
// React.lazy rather than next/dynamic, which would add its own loader to the page.
const NewKeyDialog = lazy(() => import('./new-key-dialog').then((m) => ({ default: m.NewKeyDialog })));
const NewKeyForm = lazy(() => import('./new-key-form').then((m) => ({ default: m.NewKeyForm })));
const DeleteKeyDialog = lazy(() => import('./delete-key-dialog').then((m) => ({ default: m.DeleteKeyDialog })));

/** The /keys page's working part: the list, create, on/off, delete. */
export function AccessKeysManager({ initialData }: { initialData: AccessKeyList }) {
  const t = useTranslations('keys');
  const errorText = useErrorText();
  const createFailureText = useCreateFailureText();
  const { data = initialData, isError, error, refetch } = useQuery({ ...accessKeysQueryOptions(useAccountId()), initialData });
  const { status, problem, announce, fail } = useLiveMessages();
  const listHeadingRef = useRef<HTMLHeadingElement>(null);

  const create = useCreateAccessKey();
  const refresh = useRefreshAccessKeys();
  // The secret lives here, and only here, until the person closes the dialog.
  const newKey = useShownOnce<NewAccessKey>();
  const [quotaRace, setQuotaRace] = useState(false);
  const [formOpen, setFormOpen] = useState(false);
  const nameInputRef = useRef<HTMLInputElement>(null);
  // The key made on this page: its card shows its first use live.
  const [watchedId, setWatchedId] = useState<string | null>(null);

  const setStatus = useSetAccessKeyStatus();
  const pendingIds = usePendingStatusKeyIds();
  const [deleting, setDeleting] = useState<AccessKeyView | null>(null);
  // After a deletion the Delete button is gone, so focus goes to the list heading instead.
  const deletedRef = useRef(false);

  const full = data.keys.length >= data.quota;
  // A new key outlives the session: it needs a recent sign-in, asked for before the form opens.
  const freshSignIn = useFreshSignIn();
  useResumeAfterSignIn('new-key', () => void openForm());

  async function openForm() {
    setQuotaRace(false);
    announce('');
    if (!(await freshSignIn.ensure())) return;
    setFormOpen(true);
  }

  function startCreate(description: string) {
    setQuotaRace(false);
    announce('');
    create.mutate(
      { description },
      {
        onSuccess: (key) => {
          newKey.show(key);
          // Drop the answer (and its secret) from the mutation cache at once (gcTime is 0).
          create.reset();
          setFormOpen(false);
          setWatchedId(key.accessKeyId);
          // The list behind the dialog shows the new key at once (the list never holds a secret).
          void refresh();
        },
        onError: (err) => {
          // The sign-in stopped being recent while the form was open.
          if (errorCodeOf(err) === 'reauth-required') {
            setFormOpen(false);
            freshSignIn.require();
            return;
          }
          // Said in words, whatever it was: a stale tab's "two keys already" included.
          fail(createFailureText(err));
          if (errorCodeOf(err) === 'access-key-quota') {
            setQuotaRace(true);
            setFormOpen(false);
            void refresh();
          }
        },
      },
    );
  }

  function finishCreate() {
    const id = newKey.shown?.value?.accessKeyId ?? '';
    newKey.clear();
    announce(t('createdNotice', { accessKeyId: id }));
    void refresh();
  }

  function toggle(key: AccessKeyView) {
    const next = key.status === 'Active' ? 'Inactive' : 'Active';
    setStatus.mutate(
      { accessKeyId: key.accessKeyId, status: next },
      {
        onSuccess: () => announce(next === 'Active' ? t('reactivated', { accessKeyId: key.accessKeyId }) : t('deactivated', { accessKeyId: key.accessKeyId })),
        onError: (err) =>
          fail(
            t(next === 'Active' ? 'reactivateFailed' : 'deactivateFailed', { accessKeyId: key.accessKeyId, reason: errorText(err) }),
          ),
      },
    );
  }

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>
      </div>

      <section aria-labelledby="your-keys-title" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <h2 id="your-keys-title" ref={listHeadingRef} tabIndex={-1} className="text-xl font-semibold outline-none">
            {t('listTitle', { count: data.keys.length, quota: data.quota })}
          </h2>
          {!full && !formOpen && !freshSignIn.needed ? (
            <button
              type="button"
              onClick={() => void openForm()}
              disabled={freshSignIn.checking}
              className="rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-70"
            >
              {t('create')}
            </button>
          ) : null}
        </div>

        {freshSignIn.needed && !full ? <FreshSignInNotice flow="new-key" /> : null}
        {formOpen && !full ? (
          <div className="rounded-lg border border-blue-200 bg-white p-5">
            <Suspense fallback={null}>
              <NewKeyForm
                pending={create.isPending}
                submitLabel={t('createSubmit')}
                onCreate={startCreate}
                onCancel={() => setFormOpen(false)}
                inputRef={nameInputRef}
                focusOnOpen
              />
            </Suspense>
          </div>
        ) : null}

        <LiveRegions status={status} problem={problem} />
        {full || quotaRace ? <QuotaNotice quota={data.quota} alert={quotaRace} /> : null}
        {isError ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
            {errorText(error)}{' '}
            <button type="button" className="font-medium underline" onClick={() => void refetch()}>
              {t('retry')}
            </button>
          </div>
        ) : null}

        {data.keys.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{t('none')}</p>
        ) : (
          <ul className="space-y-4">
            {data.keys.map((key) => (
              <KeyCard
                key={key.accessKeyId}
                accessKey={key}
                rotationDays={data.rotationDays}
                statusPending={pendingIds.includes(key.accessKeyId)}
                onToggle={toggle}
                onRenamed={announce}
                watchFirstUse={key.accessKeyId === watchedId && !newKey.shown}
                onDelete={(k) => {
                  deletedRef.current = false;
                  setDeleting(k);
                }}
              />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="about-keys-title" className="max-w-3xl rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="about-keys-title" className="text-lg font-semibold">
          {t('about.title')}
        </h2>
        <p className="mt-2">{t('about.what')}</p>
        <h3 className="mt-4 font-semibold">{t('about.deactivateTitle')}</h3>
        <p className="mt-1">{t('about.deactivate')}</p>
        <h3 className="mt-4 font-semibold">{t('about.deleteTitle')}</h3>
        <p className="mt-1">{t('about.delete')}</p>
        <h3 className="mt-4 font-semibold">{t('about.rotateTitle')}</h3>
        <p className="mt-1">{t('about.rotate', { rotationDays: data.rotationDays, quota: data.quota })}</p>
      </section>

      <Suspense fallback={null}>
        {newKey.shown ? <NewKeyDialog newKey={newKey.shown} onDone={finishCreate} returnFocus={() => listHeadingRef.current} /> : null}
        {deleting ? (
          <DeleteKeyDialog
            accessKey={deleting}
            onClose={() => setDeleting(null)}
            onDeleted={() => {
              deletedRef.current = true;
              announce(t('deleted', { accessKeyId: deleting.accessKeyId }));
              setDeleting(null);
            }}
            returnFocus={() => (deletedRef.current ? listHeadingRef.current : null)}
          />
        ) : null}
      </Suspense>
    </div>
  );
}
