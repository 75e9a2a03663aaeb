'use client';

import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { AccountId } from './account';

const AccountContext = createContext<AccountId>(null);

/** Set by each credentials page around its client parts: the account that page shows. */
export function AccountScope({ accountId, children }: { accountId: AccountId; children: ReactNode }) {
  return createElement(AccountContext.Provider, { value: accountId }, children);
}

/** The account the page shows (null: the person's first or only one). */
export function useAccountId(): AccountId {
  return useContext(AccountContext);
}
