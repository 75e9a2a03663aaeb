import { getTranslations } from 'next-intl/server';
import { servedAccounts, servesSeveralAccounts } from '@/lib/accounts';
import type { PersonAccount } from '@/lib/auth/session';
import { formatAccountId, withAccount } from '@/lib/ui/account';
import { AppLink } from './app-link';

/** "Sandbox (2109-8765-4321)": people know accounts by name, the ID is beside it. */
export async function accountLabel(account: Pick<PersonAccount, 'id' | 'name'>): Promise<string> {
  const t = await getTranslations('accounts');
  return t('nameWithId', { name: account.name ?? '', id: account.id ? formatAccountId(account.id) : '' });
}

/** Labels of accounts by ID, for a client part to name each account; null: one account, none shown. */
export type AccountLabels = Record<string, string> | null;

/** Every account Kagi serves, labelled (the help desk's pages, which see them all); null with one. */
export async function servedAccountLabels(): Promise<AccountLabels> {
  if (!servesSeveralAccounts()) return null;
  const accounts = servedAccounts().filter((a) => a.id !== null);
  return Object.fromEntries(await Promise.all(accounts.map(async (a) => [a.id ?? '', await accountLabel(a)] as const)));
}

/**
 * Which AWS account a credentials page shows, for a person with users in several: plain links
 * that change `?account=` (they work without script), the current one marked. Renders nothing
 * for one account. `path`: the page the links open, in the chosen account.
 */
export async function AccountPicker({ accounts, current, path }: { accounts: PersonAccount[]; current: string | null; path: `/${string}` }) {
  if (accounts.length < 2) return null;
  const t = await getTranslations('accounts');
  const labels = await Promise.all(accounts.map(accountLabel));
  return (
    <nav aria-label={t('picker')} className="mb-6 rounded-lg border border-slate-200 bg-white p-4" data-testid="account-picker">
      <p className="text-sm text-slate-700">{t('pickerIntro')}</p>
      <ul className="mt-2 flex flex-wrap gap-2">
        {accounts.map((account, index) => {
          const isCurrent = account.id === current;
          return (
            <li key={account.id ?? index} className="min-w-0">
              <AppLink
                href={withAccount(path, account.id)}
                aria-current={isCurrent ? 'page' : undefined}
                className={`inline-block rounded-md border-2 px-3 py-1.5 font-medium break-words ${
                  isCurrent ? 'border-blue-700 bg-blue-50 text-blue-900' : 'border-slate-300 text-slate-800 hover:border-slate-500 hover:bg-slate-50'
                }`}
              >
                {labels[index]}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
