import 'server-only';
import { IAMClient } from '@aws-sdk/client-iam';
import { AppError } from '@/lib/app-error';
import { config } from '@/lib/config';
import { currentAccount } from './account-scope';
import { currentBehalf, type OnBehalfOf } from './on-behalf';
import { forgetRoleSession, roleSessionFor, type RoleSession } from './role-sessions';

/**
 * Three kinds of client, because retrying is not always safe: a retried CreateAccessKey whose
 * first attempt reached IAM would create a second key, and a retried password change would
 * trip IAM's reuse rule. Reads and idempotent changes (a key's status; deleting a key, see
 * deleteAccessKey) retry with backoff; other changes are tried once and their callers decide
 * what is safe to do next; the readiness probe gives up quickly.
 *
 * Base mode (no PORTAL_ROLE_ARN): one client of each kind, with the base principal's
 * credentials from the default chain (environment, web identity, instance role...).
 * Role mode: the same kinds, signed with the role session of whoever the call is made for
 * (lib/iam/on-behalf.ts), so every lib/iam function works unchanged in both modes. A call
 * made for nobody fails closed.
 */
type Kind = 'read' | 'write' | 'probe';

/** What lib/iam's functions call: `.send(command)`, as on an IAMClient. */
export type IamSender = Pick<IAMClient, 'send'>;

const ATTEMPTS: Record<Kind, number> = { read: 3, write: 1, probe: 1 };
const TIMEOUTS: Record<Kind, { connectionTimeout: number; requestTimeout: number }> = {
  // IAM answers in well under a second; a hung connection should become a clear error.
  read: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  write: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  // A probe that waits out retries answers after the load balancer has stopped listening.
  probe: { connectionTimeout: 1_000, requestTimeout: 2_000 },
};

function makeClient(kind: Kind, credentials?: RoleSession['credentials']): IAMClient {
  const { AWS_REGION, AWS_ENDPOINT_URL_IAM } = config();
  return new IAMClient({
    region: AWS_REGION,
    endpoint: AWS_ENDPOINT_URL_IAM,
    maxAttempts: ATTEMPTS[kind],
    requestHandler: TIMEOUTS[kind],
    // No expiry is passed on: the SDK would cache a provider across callers; the role
    // session cache decides when to renew.
    ...(credentials ? { credentials } : {}),
  });
}

const baseClients: Partial<Record<Kind, IAMClient>> = {};
function baseClient(kind: Kind): IAMClient {
  return (baseClients[kind] ??= makeClient(kind));
}

/** Role mode: each session's clients, made when first needed and closed when it retires. */
const sessionClients = new WeakMap<RoleSession, Partial<Record<Kind, IAMClient>>>();
function clientOf(session: RoleSession, kind: Kind): IAMClient {
  let clients = sessionClients.get(session);
  if (!clients) sessionClients.set(session, (clients = {}));
  let client = clients[kind];
  if (!client) {
    const made = makeClient(kind, session.credentials);
    clients[kind] = client = made;
    session.onRetire.push(() => made.destroy());
  }
  return client;
}

/** IAM refused the session's credentials themselves: the call did nothing, so it may be sent again. */
const STALE_CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId']);

async function sendAsRole(kind: Kind, command: Parameters<IAMClient['send']>[0]): Promise<unknown> {
  const who = currentBehalf();
  if (!who) {
    // A programming error, never a person's: every entry point names whom it acts for.
    throw new AppError('internal', { cause: new Error('IAM call made on nobody’s behalf in role mode (see lib/iam/on-behalf.ts)') });
  }
  const roleArn = currentAccount().roleArn!;
  const session = await roleSessionFor(who, roleArn);
  try {
    return await clientOf(session, kind).send(command);
  } catch (error) {
    if (!(error instanceof Error) || !STALE_CREDENTIALS.has(error.name)) throw error;
    // Expired early (clocks), or STS forgot it: one new session and one more try, unnoticed.
    return retryWithNewSession(who, roleArn, session, kind, command);
  }
}

async function retryWithNewSession(who: OnBehalfOf, roleArn: string, stale: RoleSession, kind: Kind, command: Parameters<IAMClient['send']>[0]): Promise<unknown> {
  forgetRoleSession(who, roleArn, stale);
  const fresh = await roleSessionFor(who, roleArn);
  return clientOf(fresh, kind).send(command);
}

const roleSenders: Record<Kind, IamSender> = {
  read: { send: ((command: Parameters<IAMClient['send']>[0]) => sendAsRole('read', command)) as IAMClient['send'] },
  write: { send: ((command: Parameters<IAMClient['send']>[0]) => sendAsRole('write', command)) as IAMClient['send'] },
  probe: { send: ((command: Parameters<IAMClient['send']>[0]) => sendAsRole('probe', command)) as IAMClient['send'] },
};

/** The account's role when it has one (role mode; always, for accounts other than Kagi's own), else the base principal. */
function sender(kind: Kind): IamSender {
  return currentAccount().roleArn ? roleSenders[kind] : baseClient(kind);
}

export function iamForReads(): IamSender {
  return sender('read');
}

/** For changes that end in the same state however often they are sent. */
export function iamForIdempotentWrites(): IamSender {
  return iamForReads();
}

export function iamForWrites(): IamSender {
  return sender('write');
}

/** For the readiness check: one attempt, and quick to give up. */
export function iamForProbes(): IamSender {
  return sender('probe');
}
