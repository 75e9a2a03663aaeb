import 'server-only';
import type { AuditEntryInput } from '@/lib/audit/types';
import type { LinkedPerson } from '@/lib/auth/session';

/**
 * The request a self-service change belongs to. `ticket` is the help-desk ticket the change is
 * filed under while the person is in a guided reset; the caller looks it up (lib/helpdesk),
 * so that credentials never depend on the help desk.
 */
export interface SelfServiceRequest {
  requestId: string;
  ticket: string | null;
}

/** The audit entry for a change a person makes to their own credentials. */
export function selfServiceEntry(
  person: LinkedPerson,
  request: SelfServiceRequest,
  action: AuditEntryInput['action'],
  accessKeyId?: string,
  mfaDevice?: string,
): AuditEntryInput {
  return {
    requestId: request.requestId,
    actor: person.iamUserName,
    actorName: person.name,
    subject: person.iamUserName,
    action,
    accessKeyId: accessKeyId ?? null,
    mfaDevice: mfaDevice ?? null,
    ticket: request.ticket,
  };
}
