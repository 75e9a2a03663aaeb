import { getTranslations } from 'next-intl/server';
import type { PersonAccount } from '@/lib/auth/session';
import { withAccount } from '@/lib/ui/account';
import { accountLabel } from './account-picker';
import { AppLink } from './app-link';

/**
 * `?account=` named an account the person has no user in (or one Kagi does not serve): said
 * plainly, with the accounts they do have, rather than showing another account's credentials.
 */
export async function AccountNotFound({ accounts, path }: { accounts: PersonAccount[]; path: `/${string}` }) {
  const t = await getTranslations('accounts');
  const labels = await Promise.all(accounts.map(accountLabel));
  return (
    <section className="max-w-2xl rounded-lg border border-amber-300 bg-amber-50 p-6" aria-labelledby="account-not-found-title" data-testid="account-not-found">
      <h1 id="account-not-found-title" className="text-2xl font-semibold">
        {t('notFoundTitle')}
      </h1>
      <p className="mt-3">{t('notFoundBody')}</p>
      <ul className="mt-3 list-disc space-y-1 pl-6">
        {accounts.map((account, index) => (
          <li key={account.id ?? index}>
            <AppLink href={withAccount(path, account.id)} className="font-medium text-blue-700 underline hover:text-blue-900">
              {labels[index]}
            </AppLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
