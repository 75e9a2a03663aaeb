/** The person's activity in the query cache: changes elsewhere invalidate it. */
export const activityQueryKey = ['me', 'activity'] as const;
