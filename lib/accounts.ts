import 'server-only';
import { config } from '@/lib/config';

/**
 * The AWS accounts this Kagi serves (KAGI_ACCOUNTS_FILE, lib/accounts-file.ts). Without the
 * file there is one, Kagi's own, whose ID and name Kagi does not need to know: `id` and `name`
 * are null, and everything works as it always has.
 */
export interface Account {
  id: string | null;
  name: string | null;
  /** The role Kagi assumes to act there; undefined: base mode (Kagi's own account only). */
  roleArn: string | undefined;
  /** Find a person's user there by this tag (lib/accounts-file.ts); else by name. */
  userTag?: { key: string; claim: 'sub' | 'email' };
}

let served: readonly Account[] | undefined;

export function servedAccounts(): readonly Account[] {
  if (!served) {
    const { KAGI_ACCOUNTS, PORTAL_ROLE_ARN } = config();
    served = KAGI_ACCOUNTS
      ? KAGI_ACCOUNTS.accounts.map((account, index) => ({ ...account, roleArn: account.roleArn ?? (index === 0 ? PORTAL_ROLE_ARN : undefined) }))
      : [{ id: null, name: null, roleArn: PORTAL_ROLE_ARN }];
  }
  return served;
}

/** Kagi's own account: the first in the file, or the only one. */
export function ownAccount(): Account {
  return servedAccounts()[0]!;
}

/** Whether the accounts file lists more than one: only then does anything show an account. */
export function servesSeveralAccounts(): boolean {
  return servedAccounts().length > 1;
}

/** A served account by its 12-digit ID. */
export function accountById(id: string): Account | undefined {
  return servedAccounts().find((account) => account.id === id);
}
