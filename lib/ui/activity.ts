import { queryOptions } from '@tanstack/react-query';
import { activityListSchema } from '@/lib/audit/activity-schema';
import { requestJson } from './request-json';

// Apart, so that pages which only refresh the activity do not download its shapes.
export { activityQueryKey, accountActivityQueryKey } from './activity-key';
import { accountActivityQueryKey } from './activity-key';
import { withAccount, type AccountId } from './account';
export const ACTIVITY_PAGE_SIZE = 50;

export function fetchActivity(account: AccountId, signal?: AbortSignal) {
  return requestJson(withAccount(`/api/me/activity?limit=${ACTIVITY_PAGE_SIZE}`, account), activityListSchema, { signal });
}

export function activityQueryOptions(account: AccountId) {
  return queryOptions({ queryKey: accountActivityQueryKey(account), queryFn: ({ signal }) => fetchActivity(account, signal) });
}
