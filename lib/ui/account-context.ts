'use client';

import { createContext, createElement, Fragment, useContext, type ReactNode } from 'react';
import type { AccountId } from './account';

const AccountContext = createContext<AccountId>(null);

/**
 * Set by each credentials page around its client parts: the account that page shows. Keyed by
 * the account, so switching accounts starts the page's state afresh: nothing one account's page
 * held (a notice naming a key, a dialog, a form) lingers on another's after a client navigation.
 */
export function AccountScope({ accountId, children }: { accountId: AccountId; children: ReactNode }) {
  return createElement(AccountContext.Provider, { value: accountId }, createElement(Fragment, { key: accountId ?? 'first' }, children));
}

/** The account the page shows (null: the person's first or only one). */
export function useAccountId(): AccountId {
  return useContext(AccountContext);
}
