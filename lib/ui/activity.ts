import { queryOptions } from '@tanstack/react-query';
import { activityListSchema } from '@/lib/audit/activity-schema';
import { requestJson } from './request-json';

// Apart, so that pages which only refresh the activity do not download its shapes.
export { activityQueryKey } from './activity-key';
import { activityQueryKey } from './activity-key';
export const ACTIVITY_PAGE_SIZE = 50;

export function fetchActivity(signal?: AbortSignal) {
  return requestJson(`/api/me/activity?limit=${ACTIVITY_PAGE_SIZE}`, activityListSchema, { signal });
}

export function activityQueryOptions() {
  return queryOptions({ queryKey: activityQueryKey, queryFn: ({ signal }) => fetchActivity(signal) });
}
