import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { notificationSettingsOf, updateNotificationSettings } from '@/lib/notifications/settings';
import { updateNotificationSettingsSchema } from '@/lib/notifications/settings-schema';

/** The person's e-mail settings: reminders on or off (change notices cannot be turned off). */
export const GET = route({ access: { user: true } }, async ({ who }) => notificationSettingsOf(who.iamUserName));

export const PUT = route({ access: { user: true }, body: updateNotificationSettingsSchema }, async ({ who, body }) =>
  updateNotificationSettings(who.iamUserName, body),
);

export const { POST, PATCH, DELETE } = methodsNotAllowed('GET', 'PUT');
