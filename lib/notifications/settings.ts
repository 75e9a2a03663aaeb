import 'server-only';
import { personOfIamUser } from '@/lib/people/directory';
import { notificationsEnabled } from './outbox';
import { remindersEnabled, setRemindersEnabled } from './preferences';
import type { NotificationSettings } from './settings-shapes';

/** What the settings page shows the person: whether mail is on, where it goes, and their reminder choice. */
export async function notificationSettingsOf(iamUserName: string): Promise<NotificationSettings> {
  const [person, reminders] = await Promise.all([personOfIamUser(iamUserName), remindersEnabled(iamUserName)]);
  return { notifications: notificationsEnabled() ? 'on' : 'off', email: person?.email ?? null, reminders };
}

export async function updateNotificationSettings(iamUserName: string, change: { reminders: boolean }): Promise<NotificationSettings> {
  await setRemindersEnabled(iamUserName, change.reminders);
  return notificationSettingsOf(iamUserName);
}
