import { z } from 'zod';

/** The settings page's data, shared by the route and the browser (no server imports). */
export const notificationSettingsSchema = z.strictObject({
  /** 'off': this Kagi sends no e-mail at all (no SMTP_URL). */
  notifications: z.enum(['on', 'off']),
  /** The verified address messages go to; null when the identity provider gave none. */
  email: z.string().nullable(),
  reminders: z.boolean(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const updateNotificationSettingsSchema = z.strictObject({ reminders: z.boolean() });

/** ?u=&t= of the one-click opt-out (lib/notifications/preferences.ts makes them). */
export const unsubscribeQuerySchema = z.strictObject({
  u: z.string().min(1).max(64),
  t: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a Kagi opt-out token'),
});
