import { z } from 'zod';
import { accessKeyIdSchema } from '@/lib/credentials/access-key-schema';
import { mfaDeviceNameSchema } from '@/lib/credentials/mfa-schema';
import { HIDDEN_CHARACTERS_MESSAGE, hasHiddenCharacters } from '@/lib/hidden-characters';
import { GUIDED_STEPS, OTHER_METHOD_MAX_LENGTH, OTHER_METHOD_MIN_LENGTH, TICKET_CHARACTERS, TICKET_MAX_LENGTH, TICKET_MIN_LENGTH } from './rules';

/**
 * Help-desk request shapes, for the routes. Browser code must not import this module at run
 * time (zod would weigh on every page): the form checks a ticket with isTicketReference().
 */

export const iamUserNameSchema = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'not an IAM user name');

/**
 * A ticket reference from the help desk's own system, e.g. INC-12345. The messages are
 * ticketProblem()'s reasons (rules.ts), the form's plain check of the same rules.
 */
export const ticketSchema = z
  .string()
  .trim()
  .min(TICKET_MIN_LENGTH, 'too-short')
  .max(TICKET_MAX_LENGTH, 'too-long')
  .refine((ticket) => !hasHiddenCharacters(ticket), HIDDEN_CHARACTERS_MESSAGE)
  .regex(TICKET_CHARACTERS, 'characters');

/** How the agent verified the person another way: otherMethodProblem()'s rules (rules.ts). */
export const otherMethodSchema = z
  .string()
  .trim()
  .min(OTHER_METHOD_MIN_LENGTH, 'too-short')
  .max(OTHER_METHOD_MAX_LENGTH, 'too-long')
  .refine((description) => !hasHiddenCharacters(description), HIDDEN_CHARACTERS_MESSAGE);

export const openCaseBodySchema = z.union([
  z.strictObject({ ticket: ticketSchema, code: z.string().regex(/^\d{6}$/, 'six digits') }),
  z.strictObject({ ticket: ticketSchema, otherMethod: otherMethodSchema }),
]);

export const helpdeskActionBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ caseId: z.uuid(), action: z.literal('set-temporary-password') }),
  z.strictObject({ caseId: z.uuid(), action: z.literal('enable-console-password') }),
  z.strictObject({ caseId: z.uuid(), action: z.literal('disable-console-password') }),
  z.strictObject({ caseId: z.uuid(), action: z.literal('deactivate-key'), accessKeyId: accessKeyIdSchema }),
  z.strictObject({ caseId: z.uuid(), action: z.literal('deactivate-all-keys') }),
  z.strictObject({ caseId: z.uuid(), action: z.literal('delete-key'), accessKeyId: accessKeyIdSchema }),
  z.strictObject({ caseId: z.uuid(), action: z.literal('remove-mfa-device'), mfaDevice: mfaDeviceNameSchema }),
  z.strictObject({ caseId: z.uuid(), action: z.literal('release-sign-in-link') }),
]);

export const startGuidedSessionBodySchema = z.strictObject({
  userName: iamUserNameSchema,
  caseId: z.uuid(),
  steps: z.array(z.enum(GUIDED_STEPS)).min(1).max(GUIDED_STEPS.length),
});

export const auditQuerySchema = z.strictObject({
  person: iamUserNameSchema.optional(),
  agent: iamUserNameSchema.optional(),
  action: z.string().regex(/^[a-z.-]{1,64}$/).optional(),
  ticket: z.string().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
