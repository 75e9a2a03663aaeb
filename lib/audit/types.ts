/**
 * What Kagi records about every change it makes (or tries to make) to someone's AWS
 * credentials. Never a secret, never a password.
 */
export type AuditAction =
  | 'access-key.create'
  | 'access-key.activate'
  | 'access-key.deactivate'
  | 'access-key.delete'
  | 'access-key.rename'
  | 'console-password.set'
  | 'console-password.enable'
  | 'console-password.disable'
  | 'mfa-device.create'
  | 'mfa-device.enable'
  | 'mfa-device.resync'
  | 'mfa-device.delete'
  | 'mfa-device.abandon'
  | 'helpdesk-code.issue'
  | 'helpdesk.verify'
  | 'helpdesk.case.end'
  | 'helpdesk.case.approve'
  | 'helpdesk.guided-session.start'
  | 'helpdesk.guided-session.cancel'
  | 'sessions.end-all'
  /** The help desk or an administrator released the pin between an IAM user and a sign-in. */
  | 'sign-in-link.release';

/**
 * 'ok'; 'pending' while the IAM call runs (left behind only if the process died);
 * 'interrupted' (it died, and another instance closed the entry); 'unconfirmed' (IAM's answer
 * was lost and nothing IAM returns tells whether the change was made); or an error code.
 */
export type AuditOutcome = string;

export interface AuditEntryInput {
  requestId: string;
  /** Who acted: the signed-in person's IAM user name (or sign-in name when they have none). */
  actor: string;
  actorName: string;
  /** Whose credentials: an IAM user name. */
  subject: string;
  action: AuditAction;
  accessKeyId?: string | null;
  /** The MFA device's IAM name (the last part of its serial number); never its seed or a code. */
  mfaDevice?: string | null;
  /** Help-desk ticket reference, when a help-desk agent acted. */
  ticket?: string | null;
  /** How the help desk verified the person ('code' or 'other: …'), when an agent acted. */
  verification?: string | null;
  /** The AWS account acted in (`audited` fills in the current one); null: Kagi's own, without an accounts file. */
  accountId?: string | null;
}

export interface AuditEntry extends Required<AuditEntryInput> {
  id: number;
  at: Date;
  outcome: AuditOutcome;
  /** The access key's name when the change was made, if it had one. */
  keyName: string | null;
}

/** What only the change itself knows, written with its outcome. */
export interface AuditCompletion {
  /** A key that only exists once IAM created it. */
  accessKeyId?: string;
  /** The key's name once the change was made (a deleted key's: the name it had). */
  keyName?: string | null;
}

export interface AuditQuery {
  /** Entries about this IAM user, or done by them. */
  person?: string;
  /** Entries about this IAM user only. */
  subject?: string;
  /** Entries done by this IAM user only (e.g. a help-desk agent). */
  actor?: string;
  action?: string;
  ticket?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  /** Entries older than this ID (for paging back). */
  beforeId?: number;
  /** Entries in this AWS account only (several accounts); null: those recorded without one. */
  accountId?: string | null;
}

/**
 * At most `max` attempts of `action` by one actor in `windowSeconds`, counted from the log.
 * `counts` names the outcomes that count (e.g. only attempts that may have made a key); by
 * default every attempt does, except those a limit itself refused.
 */
export interface RateLimit {
  action: AuditAction;
  /** Other actions whose attempts count toward the same limit (e.g. MFA codes on enable and resync). */
  sharedWith?: readonly AuditAction[];
  max: number;
  windowSeconds: number;
  counts?: readonly AuditOutcome[];
  /**
   * Whose attempts are counted: the actor's (the default), or every attempt about the entry's
   * subject, whoever made it (the help desk's cases about one person).
   */
  per?: 'actor' | 'subject';
}

export interface BeginOptions {
  at?: Date;
  /** Refuse the attempt (recorded as 'rate-limited') when the actor has used up any of these limits. */
  rateLimits?: readonly RateLimit[];
}

/** What `begin` found: the entry's ID, and when refused, how many seconds until the next attempt may be made. */
export interface BeginResult {
  id: number;
  rateLimited: boolean;
  retryAfterSeconds?: number;
}

/** The one interface every audit store implements (SQLite and PostgreSQL alike). */
export interface AuditStore {
  /**
   * Records an attempt before it is made; returns its ID for `finish`. With a rate limit, the
   * count and the insert are one atomic step in the database, so concurrent attempts on any
   * number of instances never get more than the limit through.
   */
  begin(entry: AuditEntryInput, options?: BeginOptions): Promise<BeginResult>;
  /** Records the outcome, with what only the change itself knew. */
  finish(id: number, outcome: AuditOutcome, completion?: AuditCompletion): Promise<void>;
  list(query: AuditQuery): Promise<AuditEntry[]>;
  /** When this action last succeeded on this subject, or null. */
  lastSuccess(subject: string, action: AuditAction): Promise<Date | null>;
  close(): Promise<void>;
}
