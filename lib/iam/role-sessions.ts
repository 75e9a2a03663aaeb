import 'server-only';
import { AssumeRoleCommand, STSClient, type Tag } from '@aws-sdk/client-sts';
import { AppError } from '@/lib/app-error';
import { config } from '@/lib/config';
import type { OnBehalfOf } from './on-behalf';

/**
 * Role mode: sessions of PORTAL_ROLE_ARN, one per person and purpose, assumed with the base
 * principal's credentials and kept in this process until shortly before they expire. Their
 * credentials live in memory only: never logged, stored or sent anywhere but to AWS.
 */

/** Session tag keys: deploy/role-trust-policy.json allows exactly these. */
export const TAG_SUBJECT = 'kagi-subject';
export const TAG_PURPOSE = 'kagi-purpose';
export const TAG_TICKET = 'kagi-ticket';

/** Sessions kept per instance at most; the least recently used goes first. */
const MAX_SESSIONS = 1000;
/** Renewed this long before expiry at most (or a fifth of the session's life, if that is shorter). */
const RENEW_BEFORE_MS = 5 * 60_000;
/** A session this close to its end is not used any more when its renewal fails. */
const STILL_USABLE_MS = 30_000;
/** A retired session's clients are closed this much later: calls still using them can finish. */
const CLOSE_RETIRED_AFTER_MS = 60_000;

/** An assumed role's session, ready to sign IAM calls. */
export interface RoleSession {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  expiresAt: number;
  renewAt: number;
  /** What to close once the session is no longer used (its SDK clients). */
  onRetire: Array<() => void>;
}

/** A session replaced, forgotten or evicted: its clients close a minute later. */
function retire(session: RoleSession | undefined): void {
  if (!session) return;
  setTimeout(() => {
    for (const close of session.onRetire.splice(0)) close();
  }, CLOSE_RETIRED_AFTER_MS).unref();
}

/**
 * STS's rules: SourceIdentity and RoleSessionName are [\w+=,.@-], 2 to 64 characters;
 * tag values [\p{L}\p{Z}\p{N}_.:/=+\-@], up to 256. IAM user names are [\w+=,.@-]{1,64}, so
 * only a one-character name needs help: it gets a trailing "=" (a name cannot be told from
 * such a padded one in the trail; the kagi-subject tag and Kagi's audit log have it exactly).
 */
export function sourceIdentityOf(name: string): string {
  const cleaned = name.replace(/[^\w+=,.@-]/g, '_').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}=`.padEnd(2, '=');
}

const NOT_IN_TAG_VALUES = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

/** A ticket as a tag value: for reading in CloudTrail only, so an approximation will do. */
function ticketTag(ticket: string): string {
  return ticket.replace(NOT_IN_TAG_VALUES, '_').slice(0, 256);
}

/**
 * The IAM user a session is confined to, exactly: the role's policy puts it in ARNs. A name
 * a tag value cannot hold (only `,` of IAM's name characters) is refused: an approximation
 * such as `a_b` for `a,b` could be someone else's name.
 */
function subjectTag(userName: string): string {
  if (new RegExp(NOT_IN_TAG_VALUES.source, 'u').test(userName)) {
    throw new AppError('role-denied', { cause: new Error(`IAM user name ${JSON.stringify(userName)} cannot be a session tag value (a comma); role mode cannot serve it`) });
  }
  return userName;
}

/** What AssumeRole is asked for, for one purpose: readable in CloudTrail at a glance. */
export function sessionRequestFor(who: OnBehalfOf): { RoleSessionName: string; SourceIdentity: string; Tags: Tag[] } {
  const name = (prefix: string, rest: string) => sourceIdentityOf(`${prefix}-${rest}`);
  switch (who.purpose) {
    case 'self-service':
      return {
        RoleSessionName: name('self', who.person),
        SourceIdentity: sourceIdentityOf(who.person),
        Tags: [
          { Key: TAG_PURPOSE, Value: 'self-service' },
          { Key: TAG_SUBJECT, Value: subjectTag(who.person) },
        ],
      };
    case 'helpdesk': {
      const tags: Tag[] = [{ Key: TAG_PURPOSE, Value: 'helpdesk' }];
      if (who.subject) tags.push({ Key: TAG_SUBJECT, Value: subjectTag(who.subject) });
      if (who.ticket) tags.push({ Key: TAG_TICKET, Value: ticketTag(who.ticket) });
      return { RoleSessionName: name('helpdesk', who.agent), SourceIdentity: sourceIdentityOf(who.agent), Tags: tags };
    }
    case 'system':
      return { RoleSessionName: name('system', who.task), SourceIdentity: 'kagi-system', Tags: [{ Key: TAG_PURPOSE, Value: 'system' }] };
  }
}

/** One session per role (an account's) and purpose. */
const keyOf = (who: OnBehalfOf, roleArn: string) => `${roleArn}\u0000${JSON.stringify(who)}`;

const cache = new Map<string, RoleSession>();
const pending = new Map<string, Promise<RoleSession>>();
let stsClient: STSClient | undefined;

function sts(): STSClient {
  const { AWS_REGION, AWS_ENDPOINT_URL_STS } = config();
  // AssumeRole changes nothing in IAM, so retrying it is safe.
  stsClient ??= new STSClient({
    region: AWS_REGION,
    endpoint: AWS_ENDPOINT_URL_STS,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
  return stsClient;
}

/** The live session for this purpose: the cached one, or a new one when it is near its end. */
export async function roleSessionFor(who: OnBehalfOf, roleArn: string, now = Date.now()): Promise<RoleSession> {
  const key = keyOf(who, roleArn);
  const hit = cache.get(key);
  if (hit && now < hit.renewAt) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit;
  }
  let assuming = pending.get(key);
  if (!assuming) {
    assuming = assume(who, roleArn).finally(() => pending.delete(key));
    pending.set(key, assuming);
  }
  let session: RoleSession;
  try {
    session = await assuming;
  } catch (error) {
    // STS refused or failed a renewal: the old session still works for a while, so use it.
    if (hit && now < hit.expiresAt - STILL_USABLE_MS) return hit;
    throw error;
  }
  const replaced = cache.get(key);
  if (replaced !== session) retire(replaced);
  cache.delete(key);
  cache.set(key, session);
  while (cache.size > MAX_SESSIONS) {
    const oldest = cache.keys().next().value as string;
    retire(cache.get(oldest));
    cache.delete(oldest);
  }
  return session;
}

/** Forgets a session IAM no longer takes (expired or unknown), unless a newer one replaced it. */
export function forgetRoleSession(who: OnBehalfOf, roleArn: string, session: RoleSession): void {
  const key = keyOf(who, roleArn);
  if (cache.get(key) === session) {
    cache.delete(key);
    retire(session);
  }
}

async function assume(who: OnBehalfOf, roleArn: string): Promise<RoleSession> {
  const { PORTAL_ROLE_SESSION_SECONDS } = config();
  let out;
  try {
    out = await sts().send(
      new AssumeRoleCommand({ RoleArn: roleArn, DurationSeconds: PORTAL_ROLE_SESSION_SECONDS, ...sessionRequestFor(who) }),
    );
  } catch (error) {
    throw assumeRoleError(error);
  }
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new AppError('role-denied', { cause: new Error('AssumeRole answered without credentials') });
  }
  const issuedAt = Date.now();
  const expiresAt = c.Expiration.getTime();
  const renewBefore = Math.min(RENEW_BEFORE_MS, Math.max(0, expiresAt - issuedAt) / 5);
  return {
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
    expiresAt,
    renewAt: expiresAt - renewBefore,
    onRetire: [],
  };
}

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);
/** Refusals and settings that will not fix themselves: the trust policy, the region, the tags. */
const REFUSED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'RegionDisabledException',
  'RegionDisabled',
  'PackedPolicyTooLarge',
  'PackedPolicyTooLargeException',
  'MalformedPolicyDocument',
  'MalformedPolicyDocumentException',
  'ValidationError',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
]);
const THROTTLE_RETRY_AFTER_SECONDS = 5;

/** A failed AssumeRole as Kagi's error: nothing was changed in IAM, and the log keeps STS's words. */
function assumeRoleError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : '';
  if (THROTTLED.has(name)) return new AppError('role-throttled', { cause: error, retryAfterSeconds: THROTTLE_RETRY_AFTER_SECONDS });
  if (REFUSED.has(name)) return new AppError('role-denied', { cause: error });
  return new AppError('iam-unavailable', { cause: error });
}
