'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { AccessKeyView } from '@/lib/credentials/access-key-shapes';
import { withAccount } from '@/lib/ui/account';
import { useAccountId } from '@/lib/ui/account-context';
import { AppLink } from '../app-link';
import { RotationBadge, RotationDetail, StatusBadge } from './key-badges';
import { KeyNameEditor } from './key-name-editor';
import { FirstUseStatus, LastUsedText } from './key-words';

export function KeyCard({
  accessKey,
  rotationDays,
  statusPending,
  onToggle,
  onDelete,
  onRenamed,
  watchFirstUse = false,
}: {
  accessKey: AccessKeyView;
  rotationDays: number;
  statusPending: boolean;
  onToggle: (key: AccessKeyView) => void;
  onDelete: (key: AccessKeyView) => void;
  onRenamed: (message: string) => void;
  /** Just made here: its "last used" turns live into its first use. */
  watchFirstUse?: boolean;
}) {
  const t = useTranslations('keys');
  const account = useAccountId();
  const format = useFormatter();
  const { accessKeyId, description, status, createDate, ageDays, lastUsed, rotation } = accessKey;
  const active = status === 'Active';
  const headingId = `key-${accessKeyId}`;

  return (
    <li aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="access-key">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 id={headingId} className="text-lg font-semibold">
          <span className="sr-only">{t('keyHeadingPrefix')} </span>
          {description ? <span className="mr-2 break-words">{description}</span> : null}{' '}
          <code className={`font-mono break-all ${description ? 'text-base font-normal text-slate-700' : ''}`}>{accessKeyId}</code>
        </h3>
        <RotationBadge rotation={rotation} />
      </div>

      <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2 lg:col-span-4">
          <dt className="text-sm text-slate-600">{t('name.title')}</dt>
          <dd className="mt-0.5">
            <KeyNameEditor accessKey={accessKey} onRenamed={onRenamed} />
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">{t('status')}</dt>
          <dd className="mt-0.5">
            <StatusBadge status={status} />
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">{t('created')}</dt>
          <dd className="mt-0.5">
            <time dateTime={createDate}>{format.dateTime(new Date(createDate), { dateStyle: 'medium' })}</time>{' '}
            <span className="text-slate-700">{t('age', { ageDays })}</span>
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-sm text-slate-600">{t('lastUsed')}</dt>
          <dd className="mt-0.5">
            {watchFirstUse ? (
              <FirstUseStatus accessKeyId={accessKeyId} />
            ) : lastUsed ? (
              <LastUsedText lastUsed={lastUsed} />
            ) : (
              <span className="text-slate-700">{t('neverUsed')}</span>
            )}
          </dd>
        </div>
        <div className="sm:col-span-2 lg:col-span-4">
          <dt className="text-sm text-slate-600">{t('rotationLabel')}</dt>
          <dd className="mt-0.5">
            <RotationDetail createDate={createDate} rotation={rotation} rotationDays={rotationDays} />
          </dd>
        </div>
      </dl>

      <div className="mt-5 flex flex-wrap items-center gap-x-6 gap-y-3 border-t border-slate-100 pt-4">
        <button
          type="button"
          role="switch"
          aria-checked={active}
          aria-disabled={statusPending || undefined}
          aria-label={t('toggleLabel', { accessKeyId })}
          onClick={() => {
            if (!statusPending) onToggle(accessKey);
          }}
          className="group inline-flex items-center gap-3 rounded-md py-1 pr-2 aria-disabled:cursor-wait aria-disabled:opacity-70"
        >
          <span
            aria-hidden="true"
            className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 transition-colors ${
              active ? 'border-green-700 bg-green-700' : 'border-slate-500 bg-slate-200'
            }`}
          >
            <span className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${active ? 'translate-x-5' : 'translate-x-0.5'}`} />
          </span>
          <span className="font-medium">{active ? t('switchOn') : t('switchOff')}</span>
        </button>

        {active ? (
          <>
            <AppLink href={withAccount(`/keys/rotate?key=${encodeURIComponent(accessKeyId)}`, account)} className="font-medium text-blue-700 underline hover:text-blue-900">
              {t('replace')}
              <span className="sr-only"> {accessKeyId}</span>
            </AppLink>
            <p className="text-sm text-slate-700">{t('deactivateFirst')}</p>
          </>
        ) : (
          <button
            type="button"
            onClick={() => onDelete(accessKey)}
            className="rounded-md border border-red-300 bg-white px-3 py-1.5 font-medium text-red-800 hover:bg-red-50"
          >
            {t('delete')}
            <span className="sr-only"> {accessKeyId}</span>
          </button>
        )}
      </div>
    </li>
  );
}
