import { getFormatter, getNow, getTranslations } from 'next-intl/server';
import { AppLink } from '@/app/_components/app-link';
import { GuidedSessionCard } from '@/app/_components/guided/guided-session-card';
import { HelpdeskCodeCard } from '@/app/_components/guided/helpdesk-code-card';
import { CheckIcon, ClockIcon, WarningIcon } from '@/app/_components/keys/icons';
import { NotLinked } from '@/app/_components/not-linked';
import { AccountSummary } from '@/app/_components/account-summary';
import { inPageAccount, requirePagePerson } from '@/lib/auth/pages';
import { listMyAccessKeys } from '@/lib/credentials/access-keys';
import { getMyConsolePassword } from '@/lib/credentials/console-password';
import { listMyMfaDevices } from '@/lib/credentials/mfa-devices';

export default async function HomePage() {
  // Checked here too, not only in the layout: a page is its own entry point.
  const person = await requirePagePerson();
  const [first] = person.accounts;
  if (!first) return <NotLinked name={person.name} userName={person.userName} />;

  const t = await getTranslations('home');
  if (person.accounts.length > 1) {
    // Several AWS accounts: one summary per account, so that each warning says where.
    return (
      <div className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold">{t('title', { name: person.name })}</h1>
          <p className="mt-2 text-slate-700">{t('several.intro', { count: person.accounts.length })}</p>
        </div>
        <GuidedSessionCard />
        {person.accounts.map((account) => (
          <AccountSummary key={account.id} person={person} account={account} />
        ))}
        <HelpdeskCodeCard />
      </div>
    );
  }

  const tKeys = await getTranslations('keys');
  const tPassword = await getTranslations('password.home');
  const format = await getFormatter();
  const linked = { ...person, iamUserName: first.iamUserName };
  const [{ keys, quota }, consolePassword, mfa] = await inPageAccount(first, () =>
    Promise.all([
      listMyAccessKeys(linked),
      // The password and MFA cards are summaries: if IAM cannot answer them, the rest still shows.
      getMyConsolePassword(linked).catch(() => null),
      listMyMfaDevices(linked).catch(() => null),
    ]),
  );
  const passwordSetAt = consolePassword ? (consolePassword.lastChangedByKagi ?? consolePassword.createDate) : null;
  const passwordExpired = consolePassword?.expiresAt ? new Date(consolePassword.expiresAt) <= (await getNow()) : false;
  const date = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium' });
  const overdue = keys.filter((key) => key.rotation === 'overdue');
  const due = keys.filter((key) => key.rotation === 'due');

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title', { name: person.name })}</h1>
        <p className="mt-2 text-slate-700">{t('intro', { iamUserName: first.iamUserName })}</p>
      </div>
      {/* A guided reset the help desk started for this person; renders nothing when there is none. */}
      <GuidedSessionCard />
      <section aria-labelledby="keys-title" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="keys-title" className="text-lg font-semibold">
          {t('keysTitle')}
        </h2>
        <p className="mt-2" data-testid="keys-summary">
          {t('keysCount', { count: keys.length, quota })}
        </p>

        {overdue.length > 0 || due.length > 0 ? (
          <ul className="mt-3 space-y-2">
            {overdue.map((key) => (
              <li key={key.accessKeyId} className="flex gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
                <WarningIcon className="mt-1" />
                <span>
                  {key.description ? t('keyOverdueNamed', { accessKeyId: key.accessKeyId, name: key.description }) : t('keyOverdue', { accessKeyId: key.accessKeyId })} <ReplaceKeyLink accessKeyId={key.accessKeyId} active={key.status === 'Active'} label={tKeys('replace')} />
                </span>
              </li>
            ))}
            {due.map((key) => (
              <li key={key.accessKeyId} className="flex gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
                <ClockIcon className="mt-1" />
                <span>
                  {key.description ? t('keyDueNamed', { accessKeyId: key.accessKeyId, name: key.description }) : t('keyDue', { accessKeyId: key.accessKeyId })} <ReplaceKeyLink accessKeyId={key.accessKeyId} active={key.status === 'Active'} label={tKeys('replace')} />
                </span>
              </li>
            ))}
          </ul>
        ) : keys.length > 0 ? (
          <p className="mt-2 text-green-900">
            <CheckIcon className="mr-1 align-[-2px]" />
            {t('keysAllOk')}
          </p>
        ) : null}

        {keys.length > 0 ? (
          <ul className="mt-4 divide-y divide-slate-100 border-y border-slate-100">
            {keys.map((key) => (
              <li key={key.accessKeyId} className="flex flex-wrap gap-x-4 gap-y-1 py-2 text-sm">
                {key.description ? <span className="text-base font-semibold">{key.description}</span> : null}
                <code className="font-mono text-base">{key.accessKeyId}</code>
                <span>{key.status === 'Active' ? tKeys('statusActive') : tKeys('statusInactive')}</span>
                <span className="text-slate-700">
                  {t('keyCreated', { created: format.dateTime(new Date(key.createDate), { dateStyle: 'medium' }) })}
                </span>
              </li>
            ))}
          </ul>
        ) : null}

        <p className="mt-4">
          <AppLink href="/keys" className="font-semibold text-blue-700 underline hover:text-blue-900">
            {t('manageKeys')}
          </AppLink>
        </p>
      </section>

      <section aria-labelledby="mfa-title" className="rounded-lg border border-slate-200 bg-white p-6" data-testid="mfa-card">
        <h2 id="mfa-title" className="text-lg font-semibold">
          {t('mfaTitle')}
        </h2>
        {mfa === null ? (
          <p className="mt-2 text-slate-700">{t('mfaUnavailable')}</p>
        ) : mfa.devices.length === 0 ? (
          <p className="mt-2 flex gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
            <WarningIcon className="mt-1" />
            <span>{t('mfaNone')}</span>
          </p>
        ) : (
          <p className="mt-2">{t('mfaCount', { count: mfa.devices.length })}</p>
        )}
        <p className="mt-4">
          <AppLink href="/mfa" className="font-semibold text-blue-700 underline hover:text-blue-900">
            {t('manageMfa')}
          </AppLink>
        </p>
      </section>

      <section aria-labelledby="password-title" className="rounded-lg border border-slate-200 bg-white p-6" data-testid="password-card">
        <h2 id="password-title" className="text-lg font-semibold">
          {tPassword('title')}
        </h2>
        {consolePassword === null ? (
          <p className="mt-2 text-slate-700">{tPassword('unavailable')}</p>
        ) : consolePassword.enabled ? (
          <ul className="mt-2 space-y-1">
            <li>{tPassword('enabled')}</li>
            {passwordSetAt ? <li>{tPassword('set', { date: date(passwordSetAt) })}</li> : null}
            {consolePassword.resetRequired ? (
              <li className="flex gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950">
                <WarningIcon className="mt-1" />
                <span>{tPassword('resetRequired')}</span>
              </li>
            ) : null}
            {consolePassword.expiresAt ? (
              passwordExpired ? (
                <li className="flex gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
                  <WarningIcon className="mt-1" />
                  <span>{tPassword('expired', { date: date(consolePassword.expiresAt) })}</span>
                </li>
              ) : (
                <li>{tPassword('expires', { date: date(consolePassword.expiresAt) })}</li>
              )
            ) : null}
          </ul>
        ) : (
          <p className="mt-2">{tPassword('disabled')}</p>
        )}
        <p className="mt-4">
          <AppLink href="/password" className="font-semibold text-blue-700 underline hover:text-blue-900">
            {consolePassword?.enabled === false ? tPassword('learn') : tPassword('manage')}
          </AppLink>
        </p>
      </section>

      <HelpdeskCodeCard />
    </div>
  );
}

/** Straight into the guided replacement of this key (inactive keys are not replaced, only deleted). */
function ReplaceKeyLink({ accessKeyId, active, label }: { accessKeyId: string; active: boolean; label: string }) {
  if (!active) return null;
  return (
    <AppLink href={`/keys/rotate?key=${encodeURIComponent(accessKeyId)}`} className="font-medium whitespace-nowrap underline">
      {label}
      <span className="sr-only"> {accessKeyId}</span>
    </AppLink>
  );
}
