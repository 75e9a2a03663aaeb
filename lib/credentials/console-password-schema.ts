import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from './password-policy';

/** PUT /api/me/console-password: only the new password, which IAM limits to 128 characters. */
export const setConsolePasswordBodySchema = z.strictObject({
  newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
