import { getTranslations } from 'next-intl/server';
import type { SignedInPerson } from '@/lib/auth/session';
import { AppLink } from './app-link';
import { LanguageSwitch } from './language-switch';
import { MainNav } from './main-nav';
import { SignOutButton } from './sign-out-button';

export async function SiteHeader({ person }: { person: Pick<SignedInPerson, 'name' | 'iamUserName' | 'roles'> }) {
  const t = await getTranslations('header');
  const tApp = await getTranslations('app');
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <AppLink href="/" className="text-xl font-bold text-slate-900">
          {tApp('name')} <span aria-hidden="true">鍵</span>
        </AppLink>
        <div className="flex flex-wrap items-center gap-4">
          <div className="text-sm">
            {/* The whole sentence in the language's own order ("{name} としてサインイン中"), only the name shown. */}
            <p className="font-medium">
              {t.rich('signedInAs', {
                name: person.name,
                who: (chunks) => <span data-testid="person-name">{chunks}</span>,
                hidden: (chunks) => <span className="sr-only">{chunks}</span>,
              })}
            </p>
            <p className="text-slate-600">
              {t.rich('awsUser', { user: person.iamUserName ?? t('noAwsUser'), id: (chunks) => <span data-testid="iam-user-name">{chunks}</span> })}{' '}
              <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs text-slate-700" data-testid="role">
                {person.roles.includes('helpdesk') ? t('roleHelpdesk') : t('roleUser')}
              </span>
            </p>
          </div>
          <LanguageSwitch />
          <SignOutButton />
        </div>
      </div>
      <MainNav showHelpdesk={person.roles.includes('helpdesk') && !!person.iamUserName} />
    </header>
  );
}
