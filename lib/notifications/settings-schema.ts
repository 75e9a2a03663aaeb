import { z } from 'zod';

/**
 * The settings page's requests, validated by the routes (no server imports). Browser code must
 * not import this module at run time: the answers' shapes are in settings-shapes.ts.
 */
export type { NotificationSettings } from './settings-shapes';

export const updateNotificationSettingsSchema = z.strictObject({ reminders: z.boolean() });

/** ?u=&t= of the one-click opt-out (lib/notifications/preferences.ts makes them). */
export const unsubscribeQuerySchema = z.strictObject({
  u: z.string().min(1).max(64),
  t: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a Kagi opt-out token'),
});
