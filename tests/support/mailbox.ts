import type { PortalStack } from './portal-stack';
import { waitFor } from './instances';

/** What the local mail stand-in keeps of one message (local/mail/server.mjs). */
export interface ReceivedMail {
  id: number;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export function mailTo(stack: PortalStack, address: string): ReceivedMail[] {
  if (!stack.mail) throw new Error('start the stack with mail: true');
  return (stack.mail.messages() as ReceivedMail[]).filter((m) => m.to.includes(address));
}

/**
 * Runs `change`, then waits for exactly one new message to `address` and returns it; waits a
 * little longer to make sure no second one follows.
 */
export async function oneMessageAfter(stack: PortalStack, address: string, change: () => Promise<unknown>, settleMs = 1_500): Promise<ReceivedMail> {
  const before = mailTo(stack, address).length;
  await change();
  await waitFor(async () => mailTo(stack, address).length > before, 15_000, `a message to ${address}`);
  await new Promise((r) => setTimeout(r, settleMs));
  const fresh = mailTo(stack, address).slice(before);
  if (fresh.length !== 1) throw new Error(`expected one message to ${address}, got ${fresh.length}: ${fresh.map((m) => m.subject).join(' | ')}`);
  return fresh[0]!;
}
