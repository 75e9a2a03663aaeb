import { queryOptions } from '@tanstack/react-query';
import { notificationSettingsSchema, unsubscribeAnswerSchema } from '@/lib/notifications/settings-shapes';
import { jsonBody, requestJson } from './request-json';

export const notificationSettingsQueryKey = ['me', 'notification-settings'] as const;

export function notificationSettingsQueryOptions() {
  return queryOptions({
    queryKey: notificationSettingsQueryKey,
    queryFn: ({ signal }) => requestJson('/api/me/notification-settings', notificationSettingsSchema, { signal }),
  });
}

export function saveNotificationSettings(change: { reminders: boolean }) {
  return requestJson('/api/me/notification-settings', notificationSettingsSchema, { method: 'PUT', ...jsonBody(change) });
}

export async function unsubscribeWithToken(u: string, t: string): Promise<void> {
  const query = new URLSearchParams({ u, t });
  await requestJson(`/api/notifications/unsubscribe?${query}`, unsubscribeAnswerSchema, { method: 'POST' });
}
