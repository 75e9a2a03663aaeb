import type { AuditAction } from '@/lib/audit/types';

/**
 * Which audit actions tell the person, and as what kind of message: the one table. A change
 * is announced once its entry's outcome is 'ok', or 'unconfirmed' (saying it may not have been
 * made), lib/audit writing the outbox row in the same transaction. Adding a kind is one line here and its words in lib/notifications/words/*.json.
 * Actions missing here send nothing: ending or approving a case, cancelling a guided reset
 * "sign out everywhere" and releasing a sign-in link (the help desk does it on the person's
 * call, and the next sign-in shows who holds it) change no credential; nor do starting an authenticator app's
 * set-up, resynchronising one, or clearing away a set-up never finished (only a device added
 * or removed changes how the person signs in).
 */
export const NOTICE_KIND_OF_ACTION = {
  'access-key.create': 'key-created',
  'access-key.activate': 'key-activated',
  'access-key.deactivate': 'key-deactivated',
  'access-key.delete': 'key-deleted',
  'access-key.rename': 'key-renamed',
  'console-password.set': 'password-set',
  'console-password.enable': 'console-enabled',
  'console-password.disable': 'console-disabled',
  'mfa-device.enable': 'mfa-added',
  'mfa-device.delete': 'mfa-removed',
  'helpdesk-code.issue': 'helpdesk-code-issued',
  'helpdesk.verify': 'case-opened',
  'helpdesk.guided-session.start': 'guided-started',
} as const satisfies Partial<Record<AuditAction, string>>;

/** Messages about a change; 'guided-finished' has no audit action of its own (lib/helpdesk/guided.ts). */
export type ChangeNoticeKind = (typeof NOTICE_KIND_OF_ACTION)[keyof typeof NOTICE_KIND_OF_ACTION] | 'guided-finished';
export type NoticeKind = ChangeNoticeKind | 'reminders';

export const CHANGE_NOTICE_KINDS: readonly ChangeNoticeKind[] = [...new Set(Object.values(NOTICE_KIND_OF_ACTION)), 'guided-finished'];

export function noticeKindOf(action: string): ChangeNoticeKind | null {
  return (NOTICE_KIND_OF_ACTION as Record<string, ChangeNoticeKind | undefined>)[action] ?? null;
}

/** What a change notice says. Never a secret, a password, a code or a session detail. */
export interface ChangeFacts {
  /** When it happened (ISO 8601 UTC); shown in the person's time zone. */
  at: string;
  /** True when someone else (a help-desk agent) did it. */
  byHelpdesk: boolean;
  actorName: string;
  ticket: string | null;
  /** How the help desk verified the person, for a case: by their code or "another way". */
  verification: 'code' | 'other' | null;
  accessKeyId: string | null;
  /** The key's name, as the person gave it (absent from notices queued before migration 0011). */
  keyName?: string | null;
  /** IAM's answer was lost and asking again did not tell: the change may or may not have been made. */
  unconfirmed?: true;
  /** With several AWS accounts: the one the change was made in, by its name when it was made. */
  account?: { id: string; name: string };
}

export type ReminderThreshold = 'due-soon' | 'overdue' | 'unused';

export interface ReminderFacts {
  /** `name`: the key's name, as the person gave it (absent from reminders queued before names were read). */
  keys: Array<{
    accessKeyId: string;
    name?: string | null;
    threshold: ReminderThreshold;
    createdAt: string;
    ageDays: number;
    lastUsedAt: string | null;
    /** With several AWS accounts: the key's account. */
    account?: { id: string; name: string };
  }>;
  rotationDays: number;
}
