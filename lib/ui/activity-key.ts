import { accountKey, type AccountId } from './account';

/** The person's activity in the query cache: changes elsewhere invalidate it. */
export const activityQueryKey = ['me', 'activity'] as const;

/** One account's activity (activity is per account: `?account=`). */
export function accountActivityQueryKey(account: AccountId) {
  return [...activityQueryKey, accountKey(account)] as const;
}
