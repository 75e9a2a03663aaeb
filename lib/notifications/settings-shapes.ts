import { boolean, nullable, object, oneOf, string, type Infer } from '@/lib/shape';

/**
 * The settings page's data as the API answers it, which the browser checks (lib/shape.ts, not
 * zod: see there). The requests' zod schemas are in settings-schema.ts.
 */
export const notificationSettingsSchema = object({
  /** 'off': this Kagi sends no e-mail at all (no SMTP_URL). */
  notifications: oneOf(['on', 'off']),
  /** The verified address messages go to; null when the identity provider gave none. */
  email: nullable(string()),
  reminders: boolean(),
});
export type NotificationSettings = Infer<typeof notificationSettingsSchema>;

/** The one-click opt-out's answer. */
export const unsubscribeAnswerSchema = object({ reminders: boolean() });
