'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { ConsolePasswordStatus } from '@/lib/credentials/password-policy';
import { useAccountId } from '@/lib/ui/account-context';
import { consolePasswordQueryOptions } from '@/lib/ui/console-password';
import { ChangePassword } from './change-password';
import { NoConsolePassword } from './no-console-password';
import { PasswordStatus } from './password-status';

/** The /password page's working part: the status, and the form when there is a password to change. */
export function ConsolePasswordManager({
  initialData,
  iamUserName,
  personName,
}: {
  initialData: ConsolePasswordStatus;
  iamUserName: string;
  personName: string;
}) {
  const t = useTranslations('password');
  const { data = initialData } = useQuery({ ...consolePasswordQueryOptions(useAccountId()), initialData });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>
      </div>
      {data.enabled ? (
        <>
          <PasswordStatus status={data} />
          <ChangePassword status={data} iamUserName={iamUserName} personName={personName} />
        </>
      ) : (
        <NoConsolePassword iamUserName={iamUserName} />
      )}
    </div>
  );
}
