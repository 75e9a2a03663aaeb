import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * On whose behalf an IAM call is made. In role mode (PORTAL_ROLE_ARN) lib/iam/client.ts picks
 * the role session from it for every IAM call, so no function needs a client passed in:
 * - self-service: the person acts on their own IAM user (SourceIdentity and subject: them);
 * - help desk: an agent acts on a person (SourceIdentity: the agent; the subject and the
 *   case's ticket, once there is one, go in the session's tags);
 * - system: work no person asked for just now, named by its task.
 * Without PORTAL_ROLE_ARN it is not needed: every call is the base principal's.
 */
export type OnBehalfOf =
  | { purpose: 'self-service'; person: string }
  | { purpose: 'helpdesk'; agent: string; subject: string | null; ticket: string | null }
  | { purpose: 'system'; task: SystemTask };

/**
 * Work the portal does by itself: linking a sign-in to its IAM user (and checking the link
 * again), resolving a dead instance's audit entries, the readiness probe, the pass that finds
 * keys due for replacement (reminders), reading an address from an IAM user's tag for a
 * message (notifications).
 */
export type SystemTask = 'sign-in' | 'recovery' | 'readiness' | 'reminders' | 'notifications';

const storage = new AsyncLocalStorage<OnBehalfOf>();

/** Runs `work` with every IAM call in it made on behalf of `who`. */
export function onBehalfOf<T>(who: OnBehalfOf, work: () => Promise<T>): Promise<T> {
  return storage.run(who, work);
}

/** The person's own IAM user: the self-service entry points and the route wrapper use it. */
export function asPerson<T>(iamUserName: string, work: () => Promise<T>): Promise<T> {
  return onBehalfOf({ purpose: 'self-service', person: iamUserName }, work);
}

/** An agent's work on a person (subject), under a case's ticket once there is one. */
export function asHelpdesk<T>(agent: string, about: { subject: string | null; ticket?: string | null }, work: () => Promise<T>): Promise<T> {
  return onBehalfOf({ purpose: 'helpdesk', agent, subject: about.subject, ticket: about.ticket ?? null }, work);
}

export function asSystem<T>(task: SystemTask, work: () => Promise<T>): Promise<T> {
  return onBehalfOf({ purpose: 'system', task }, work);
}

/** Undefined outside any of the above: in role mode such an IAM call fails closed. */
export function currentBehalf(): OnBehalfOf | undefined {
  return storage.getStore();
}
