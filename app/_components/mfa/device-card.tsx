'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { MfaDeviceView } from '@/lib/credentials/mfa-shapes';
import { AWS_CONSOLE_SECURITY_CREDENTIALS, useDeviceTitle } from './device-title';

const smallButton = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100';

export function DeviceCard({
  device,
  onResync,
  onRemove,
}: {
  device: MfaDeviceView;
  onResync: (device: MfaDeviceView) => void;
  onRemove: (device: MfaDeviceView) => void;
}) {
  const t = useTranslations('mfa');
  const format = useFormatter();
  const title = useDeviceTitle();
  const headingId = `mfa-${device.name}`;
  const canResync = device.kind !== 'security-key';

  return (
    <li aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="mfa-device">
      <h3 id={headingId} className="text-lg font-semibold break-words">
        {title(device)}
      </h3>
      <dl className="mt-3 grid gap-x-6 gap-y-3 sm:grid-cols-3">
        <div>
          <dt className="text-sm text-slate-600">{t('kindLabel')}</dt>
          <dd className="mt-0.5">{t(`kind.${device.kind}`)}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">{t('added')}</dt>
          <dd className="mt-0.5">
            <time dateTime={device.enabledAt}>{format.dateTime(new Date(device.enabledAt), { dateStyle: 'long' })}</time>
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">{t('awsName')}</dt>
          <dd className="mt-0.5">
            <code className="font-mono text-sm break-all">{device.name}</code>
          </dd>
        </div>
      </dl>
      {device.kind === 'security-key' ? (
        <p className="mt-3 text-sm text-slate-700">
          {t('securityKeyNote')}{' '}
          <a href={AWS_CONSOLE_SECURITY_CREDENTIALS} target="_blank" rel="noopener noreferrer" className="font-medium text-blue-700 underline hover:text-blue-900">
            {t('consoleLink')}
            <span className="sr-only"> {t('opensNewTab')}</span>
          </a>
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-3">
        {canResync ? (
          <button type="button" className={smallButton} onClick={() => onResync(device)}>
            {t('resyncButton')}
            <span className="sr-only"> {title(device)}</span>
          </button>
        ) : null}
        <button type="button" className={`${smallButton} text-red-800`} onClick={() => onRemove(device)}>
          {t('removeButton')}
          <span className="sr-only"> {title(device)}</span>
        </button>
      </div>
    </li>
  );
}
