import 'server-only';
import type { AuditEntryInput } from '@/lib/audit/types';
import type { LinkedPerson } from '@/lib/auth/session';
import { activeGuidedTicket } from '@/lib/helpdesk/guided';

/** The audit entry for a change a person makes to their own credentials. */
export async function selfServiceEntry(
  person: LinkedPerson,
  requestId: string,
  action: AuditEntryInput['action'],
  accessKeyId?: string,
): Promise<AuditEntryInput> {
  return {
    requestId,
    actor: person.iamUserName,
    actorName: person.name,
    subject: person.iamUserName,
    action,
    accessKeyId: accessKeyId ?? null,
    // Done during a help-desk guided session: filed under its ticket.
    ticket: await activeGuidedTicket(person),
  };
}
