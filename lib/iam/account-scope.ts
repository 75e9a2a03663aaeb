import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ownAccount, servesSeveralAccounts, type Account } from '@/lib/accounts';

/**
 * In which AWS account an IAM call is made: lib/iam/client.ts signs every call with the role
 * of the account set here (lib/iam/on-behalf.ts says for whom). Set by the route wrapper from
 * `?account=`, by the help desk from the case, by the tasks per account. Outside any, and
 * always when Kagi serves one account, it is Kagi's own: the storage is used only when there
 * are several, so a single account pays nothing for it.
 */
const storage = new AsyncLocalStorage<Account>();

export function inAccount<T>(account: Account, work: () => Promise<T>): Promise<T> {
  if (!servesSeveralAccounts()) return work();
  return storage.run(account, work);
}

export function currentAccount(): Account {
  return (servesSeveralAccounts() ? storage.getStore() : undefined) ?? ownAccount();
}
