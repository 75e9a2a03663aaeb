'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import type { AccessKeyView } from '@/lib/credentials/access-key-shapes';
import { useAccountId } from '@/lib/ui/account-context';
import { firstUseQueryOptions } from '@/lib/ui/access-keys';
import { errorCodeOf } from '@/lib/ui/api-error';
import { useErrorText, useRetryTime } from '../error-text';

/** A key as people tell keys apart: by its name when it has one, always with its ID. */
export function KeyLabel({ accessKey }: { accessKey: Pick<AccessKeyView, 'accessKeyId' | 'description'> }) {
  return (
    <span>
      {accessKey.description ? <span className="font-semibold">{accessKey.description} </span> : null}
      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono break-all">{accessKey.accessKeyId}</code>
    </span>
  );
}

/** "14 Mar 2026, 14:05, by s3 in us-east-1", or "Never used". */
export function LastUsedText({ lastUsed }: { lastUsed: AccessKeyView['lastUsed'] }) {
  const t = useTranslations('keys');
  const format = useFormatter();
  if (!lastUsed) return <>{t('neverUsed')}</>;
  return (
    <>
      {t('lastUsedValue', {
        date: format.dateTime(new Date(lastUsed.date), { dateStyle: 'medium', timeStyle: 'short' }),
        service: lastUsed.serviceName,
        region: lastUsed.region,
      })}
    </>
  );
}

/**
 * Why creating a key failed, in words that say what happened and what to do: a rate limit
 * says when the next key is possible (in the person's time zone), a refusal because two keys
 * already exist (made in another tab, or by the help desk) says so.
 */
export function useCreateFailureText(): (error: unknown) => string {
  const t = useTranslations('keys');
  const errorText = useErrorText();
  const retryTime = useRetryTime();
  return (error) => {
    const code = errorCodeOf(error);
    const time = code === 'rate-limited' ? retryTime(error) : null;
    if (time) return t('createRateLimited', { time });
    if (code === 'access-key-quota') return t('createRefusedStale');
    return t('createFailed', { reason: errorText(error) });
  };
}

/**
 * A new key's first use, live: "not used yet" until IAM reports a use, then when, where and
 * by which service. Polls gently in the background (see firstUseQueryOptions).
 */
export function FirstUseStatus({ accessKeyId }: { accessKeyId: string }) {
  const t = useTranslations('keys.firstUse');
  const format = useFormatter();
  const { data } = useQuery(firstUseQueryOptions(useAccountId(), accessKeyId));
  const used = data?.lastUsed ?? null;
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="first-use">
      <p role="status" className={used ? 'font-medium text-green-900' : 'font-medium text-slate-900'}>
        {used
          ? t('used', {
              time: format.dateTime(new Date(used.date), { dateStyle: 'medium', timeStyle: 'short' }),
              region: used.region,
              service: used.serviceName,
            })
          : t('notYet')}
      </p>
      {used ? null : <p className="mt-1 text-sm text-slate-700">{t('lag')}</p>}
    </div>
  );
}
