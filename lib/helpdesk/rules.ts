import { hasHiddenCharacters } from '@/lib/hidden-characters';

/**
 * Whom the help desk may act on. Pure, so every case is unit-tested; lib/helpdesk applies it
 * to the user IAM reports, never to a path taken from the request.
 */
export type RefusalReason = 'outside-path' | 'protected' | 'self';

export function whyCannotHelp(
  agentIamUserName: string,
  target: { userName: string; path: string },
  settings: { userPathPrefix: string; protectedPathPrefix: string },
): RefusalReason | null {
  if (target.userName.toLowerCase() === agentIamUserName.toLowerCase()) return 'self';
  if (!target.path.startsWith(settings.userPathPrefix)) return 'outside-path';
  if (target.path.startsWith(settings.protectedPathPrefix)) return 'protected';
  return null;
}

/** A ticket reference from the help desk's own system (e.g. INC-12345), once trimmed. */
export const TICKET_MIN_LENGTH = 3;
export const TICKET_MAX_LENGTH = 64;
export const TICKET_CHARACTERS = /^[\w.#/:-]+$/;

export type TicketProblem = 'too-short' | 'too-long' | 'hidden-characters' | 'characters';

/**
 * Why a ticket reference is refused, in the order ticketSchema (schemas.ts) checks, for the
 * browser's form, which does without zod. Hidden characters (lib/hidden-characters.ts) are
 * outside TICKET_CHARACTERS anyway; they get their own reason so the form can say what is wrong
 * with a reference that looks right.
 */
export function ticketProblem(text: string): TicketProblem | null {
  const ticket = text.trim();
  if (ticket.length < TICKET_MIN_LENGTH) return 'too-short';
  if (ticket.length > TICKET_MAX_LENGTH) return 'too-long';
  if (hasHiddenCharacters(ticket)) return 'hidden-characters';
  if (!TICKET_CHARACTERS.test(ticket)) return 'characters';
  return null;
}

/** The same rule as ticketSchema (schemas.ts), for the browser's form, which does without zod. */
export function isTicketReference(text: string): boolean {
  return ticketProblem(text) === null;
}

/** How an agent verified someone "another way", in their own words, once trimmed. */
export const OTHER_METHOD_MIN_LENGTH = 10;
export const OTHER_METHOD_MAX_LENGTH = 500;

export type OtherMethodProblem = 'too-short' | 'too-long' | 'hidden-characters';

/** The same rule as openCaseBodySchema's `otherMethod` (schemas.ts), in plain code for the form. */
export function otherMethodProblem(text: string): OtherMethodProblem | null {
  const description = text.trim();
  if (description.length < OTHER_METHOD_MIN_LENGTH) return 'too-short';
  if (description.length > OTHER_METHOD_MAX_LENGTH) return 'too-long';
  if (hasHiddenCharacters(description)) return 'hidden-characters';
  return null;
}

/** Help-desk codes: six digits, ten minutes, one use, five wrong tries. */
export const CODE_DIGITS = 6;
export const CODE_TTL_SECONDS = 10 * 60;
export const CODE_MAX_FAILED_ATTEMPTS = 5;
/** A verified case (and a guided session) lasts this long. */
export const CASE_TTL_SECONDS = 30 * 60;

export const GUIDED_STEPS = ['set-console-password', 'rotate-access-key', 'remove-unused-key', 'set-up-mfa'] as const;
export type GuidedStep = (typeof GUIDED_STEPS)[number];
export type StepState = 'not-started' | 'in-progress' | 'done';

export interface PersonAction {
  action: string;
  outcome: string;
  accessKeyId: string | null;
}

/**
 * How far the person has got with each step, read from their own audit entries since the
 * session began (oldest first): Kagi needs no second record of progress, and the person
 * cannot claim a step they did not do.
 */
export function guidedProgress(steps: readonly GuidedStep[], actions: readonly PersonAction[]): Record<GuidedStep, StepState> {
  const ok = actions.filter((a) => a.outcome === 'ok');
  const progress = {} as Record<GuidedStep, StepState>;
  const passwordSet = ok.some((a) => a.action === 'console-password.set');
  // A new phone: an authenticator app added (its codes accepted) since the session began.
  const mfaEnabled = ok.some((a) => a.action === 'mfa-device.enable');
  const mfaStarted = ok.some((a) => a.action === 'mfa-device.create');

  const createIndex = ok.findIndex((a) => a.action === 'access-key.create');
  const created = createIndex >= 0 ? ok[createIndex] : undefined;
  const rotationDelete = created
    ? ok.slice(createIndex + 1).find((a) => a.action === 'access-key.delete' && a.accessKeyId !== created.accessKeyId)
    : undefined;
  const otherDeletes = ok.filter((a) => a.action === 'access-key.delete' && a !== rotationDelete);

  for (const step of steps) {
    if (step === 'set-console-password') progress[step] = passwordSet ? 'done' : 'not-started';
    if (step === 'set-up-mfa') progress[step] = mfaEnabled ? 'done' : mfaStarted ? 'in-progress' : 'not-started';
    if (step === 'rotate-access-key') progress[step] = rotationDelete ? 'done' : created ? 'in-progress' : 'not-started';
    if (step === 'remove-unused-key') {
      // When rotating too, the rotation's own delete does not count for this step.
      const deletes = steps.includes('rotate-access-key') ? otherDeletes : ok.filter((a) => a.action === 'access-key.delete');
      progress[step] = deletes.length > 0 ? 'done' : 'not-started';
    }
  }
  return progress;
}
