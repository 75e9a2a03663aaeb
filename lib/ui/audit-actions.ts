/** The audit log's actions, for the agent's words for them (words.tsx) and the audit filter. */

/** Every action the audit log records, in the order the audit filter lists them. */
export const AUDIT_ACTIONS = [
  'helpdesk-code.issue',
  'helpdesk.verify',
  'helpdesk.case.end',
  'helpdesk.case.approve',
  'helpdesk.guided-session.start',
  'helpdesk.guided-session.cancel',
  'console-password.set',
  'console-password.enable',
  'console-password.disable',
  'access-key.create',
  'access-key.activate',
  'access-key.deactivate',
  'access-key.delete',
  'access-key.rename',
  'sessions.end-all',
  'sign-in-link.release',
  'mfa-device.create',
  'mfa-device.enable',
  'mfa-device.resync',
  'mfa-device.delete',
  'mfa-device.abandon',
] as const;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];

export function isKnownAuditAction(action: string): action is AuditActionName {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}
