import { queryOptions } from '@tanstack/react-query';
import { activityListSchema } from '@/lib/audit/activity-schema';
import { requestJson } from './request-json';

export const activityQueryKey = ['me', 'activity'] as const;
export const ACTIVITY_PAGE_SIZE = 50;

export function fetchActivity(signal?: AbortSignal) {
  return requestJson(`/api/me/activity?limit=${ACTIVITY_PAGE_SIZE}`, activityListSchema, { signal });
}

export function activityQueryOptions() {
  return queryOptions({ queryKey: activityQueryKey, queryFn: ({ signal }) => fetchActivity(signal) });
}
