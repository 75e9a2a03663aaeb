import { getTranslations } from 'next-intl/server';
import { inPageAccount } from '@/lib/auth/pages';
import type { PersonAccount, SignedInPerson } from '@/lib/auth/session';
import { listMyAccessKeys } from '@/lib/credentials/access-keys';
import { getMyConsolePassword } from '@/lib/credentials/console-password';
import { listMyMfaDevices } from '@/lib/credentials/mfa-devices';
import { withAccount } from '@/lib/ui/account';
import { accountLabel } from './account-picker';
import { AppLink } from './app-link';
import { CheckIcon, ClockIcon, WarningIcon } from './keys/icons';

const linkClass = 'font-semibold text-blue-700 underline hover:text-blue-900';

/**
 * One AWS account on the home page of a person with users in several: its keys and their
 * rotation state ("a key due for replacement in Sandbox"), its console password and MFA
 * devices, each linking to that account's page. If IAM cannot answer for this account, the
 * card says so and the other accounts still show.
 */
export async function AccountSummary({ person, account }: { person: Pick<SignedInPerson, 'userName' | 'name' | 'email' | 'roles' | 'authTime' | 'accounts'>; account: PersonAccount }) {
  const t = await getTranslations('home.several');
  const tHome = await getTranslations('home');
  const tPassword = await getTranslations('password.home');
  const label = await accountLabel(account);
  const name = account.name ?? label;
  const linked = { ...person, iamUserName: account.iamUserName };
  const [keys, consolePassword, mfa] = await inPageAccount(account, () =>
    Promise.all([listMyAccessKeys(linked).catch(() => null), getMyConsolePassword(linked).catch(() => null), listMyMfaDevices(linked).catch(() => null)]),
  );
  const headingId = `account-${account.id ?? 'own'}-title`;
  const overdue = keys?.keys.filter((key) => key.rotation === 'overdue') ?? [];
  const due = keys?.keys.filter((key) => key.rotation === 'due') ?? [];

  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-6" data-testid="account-summary">
      <h2 id={headingId} className="text-lg font-semibold break-words">
        {label}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t('user', { iamUserName: account.iamUserName })}</p>
      {keys === null || consolePassword === null || mfa === null ? <p className="mt-3 text-slate-700">{t('unavailable', { account: name })}</p> : null}

      <ul className="mt-3 space-y-2">
        {keys ? (
          <li data-testid="keys-summary">{tHome('keysCount', { count: keys.keys.length, quota: keys.quota })}</li>
        ) : null}
        {overdue.map((key) => (
          <li key={key.accessKeyId} className="flex gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
            <WarningIcon className="mt-1" />
            <span>
              {key.description ? t('keyOverdueNamed', { accessKeyId: key.accessKeyId, name: key.description, account: name }) : t('keyOverdue', { accessKeyId: key.accessKeyId, account: name })}
            </span>
          </li>
        ))}
        {due.map((key) => (
          <li key={key.accessKeyId} className="flex gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
            <ClockIcon className="mt-1" />
            <span>
              {key.description ? t('keyDueNamed', { accessKeyId: key.accessKeyId, name: key.description, account: name }) : t('keyDue', { accessKeyId: key.accessKeyId, account: name })}
            </span>
          </li>
        ))}
        {keys && keys.keys.length > 0 && overdue.length === 0 && due.length === 0 ? (
          <li className="text-green-900">
            <CheckIcon className="mr-1 align-[-2px]" />
            {t('keysAllOk', { account: name })}
          </li>
        ) : null}
        {consolePassword ? <li>{consolePassword.enabled ? t('passwordOn') : t('passwordOff', { account: name })}</li> : null}
        {consolePassword?.enabled && consolePassword.resetRequired ? <li>{tPassword('resetRequired')}</li> : null}
        {mfa ? (
          mfa.devices.length === 0 ? (
            <li className="flex gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
              <WarningIcon className="mt-1" />
              <span>{consolePassword?.enabled ? tHome('mfaNone') : t('mfaNone', { account: name })}</span>
            </li>
          ) : (
            <li>{tHome('mfaCount', { count: mfa.devices.length })}</li>
          )
        ) : null}
      </ul>

      <ul className="mt-4 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <AppLink href={withAccount('/keys', account.id)} className={linkClass}>
            {t('keysLink', { account: name })}
          </AppLink>
        </li>
        <li>
          <AppLink href={withAccount('/password', account.id)} className={linkClass}>
            {t('passwordLink', { account: name })}
          </AppLink>
        </li>
        <li>
          <AppLink href={withAccount('/mfa', account.id)} className={linkClass}>
            {t('mfaLink', { account: name })}
          </AppLink>
        </li>
        <li>
          <AppLink href={withAccount('/activity', account.id)} className={linkClass}>
            {t('activityLink', { account: name })}
          </AppLink>
        </li>
      </ul>
    </section>
  );
}
