import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/app-error';
import { servesSeveralAccounts } from '@/lib/accounts';
import { audited, auditStore } from '@/lib/audit';
import { currentAccount } from '@/lib/iam/account-scope';
import type { LinkedPerson } from '@/lib/auth/session';
import type { SelfServiceRequest } from '@/lib/credentials/self-service-audit';
import type { Selectable } from 'kysely';
import { database, databaseDialect } from '@/lib/db';
import { lockForTransaction } from '@/lib/db/locks';
import type { KagiDatabase } from '@/lib/db/schema';
import { enqueue, notificationsEnabled, nudgeDelivery } from '@/lib/notifications/outbox';
import { helpableUser } from './people';
import { CASE_TTL_SECONDS, guidedProgress, type GuidedStep, type StepState } from './rules';
import { requireCase } from './verification';

export type GuidedStatus = 'open' | 'completed' | 'cancelled' | 'expired';

export interface GuidedSessionView {
  id: string;
  subject: string;
  agentName: string;
  ticket: string;
  steps: Array<{ step: GuidedStep; state: StepState }>;
  status: GuidedStatus;
  createdAt: string;
  expiresAt: string;
  /** The AWS account of its case: the steps are done there (null: Kagi's own, without an accounts file). */
  accountId: string | null;
}

type Row = Selectable<KagiDatabase['guided_sessions']>;

/** The session as both sides see it, with progress read from the person's own audit entries. */
async function view(row: Row): Promise<GuidedSessionView> {
  const steps = JSON.parse(row.steps) as GuidedStep[];
  // Only the person's changes in the case's account count (with several accounts).
  const inAccount = servesSeveralAccounts() ? { accountId: row.account_id } : {};
  const entries = await (await auditStore()).list({ subject: row.subject, actor: row.subject, from: new Date(row.created_at), limit: 200, ...inAccount });
  const progress = guidedProgress(
    steps,
    entries.reverse().map((e) => ({ action: e.action, outcome: e.outcome, accessKeyId: e.accessKeyId })),
  );
  const allDone = steps.every((s) => progress[s] === 'done');
  let status = row.status as GuidedStatus;
  if (status === 'open' && allDone) {
    status = 'completed';
    await recordCompletion(row);
  }
  else if (status === 'open' && row.expires_at <= new Date().toISOString()) status = 'expired';
  return {
    id: row.id,
    subject: row.subject,
    agentName: row.agent_name,
    ticket: row.ticket,
    steps: steps.map((step) => ({ step, state: progress[step] })),
    status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    accountId: row.account_id,
  };
}

/**
 * A guided reset is finished by the person's own last step, which has no entry of its own:
 * whoever first sees every step done (the agent's or the person's page, or the sweep) marks
 * it completed with one conditional update, and only that winner writes the person's
 * "finished" notice, in the same transaction. So it is announced exactly once, on any number
 * of instances, and also when nobody was watching (settleGuidedSessions).
 */
async function recordCompletion(row: Row): Promise<void> {
  const queued = await (await database()).transaction().execute(async (trx) => {
    const completed = await trx.updateTable('guided_sessions').set({ status: 'completed' }).where('id', '=', row.id).where('status', '=', 'open').executeTakeFirst();
    if (Number(completed.numUpdatedRows) !== 1 || !notificationsEnabled()) return false;
    const facts = { at: new Date().toISOString(), byHelpdesk: false, actorName: row.agent_name, ticket: row.ticket, verification: null, accessKeyId: null };
    return (await enqueue(trx, { dedupeKey: `guided:${row.id}`, kind: 'guided-finished', subject: row.subject, facts })) !== null;
  });
  if (queued) nudgeDelivery();
}

/**
 * For the periodic sweep (lib/startup): completes the open guided resets whose steps are all
 * done. Only those still running (or just run out): a reset is finished within its 30 minutes.
 */
export async function settleGuidedSessions(now = new Date()): Promise<void> {
  const recently = new Date(now.getTime() - 5 * 60_000).toISOString();
  const open = await (await database()).selectFrom('guided_sessions').selectAll().where('status', '=', 'open').where('expires_at', '>', recently).limit(500).execute();
  for (const row of open) await view(row);
}

export async function startGuidedSession(
  agent: LinkedPerson,
  requestId: string,
  userName: string,
  caseId: string,
  steps: GuidedStep[],
): Promise<GuidedSessionView> {
  const user = await helpableUser(agent, userName);
  const helpdeskCase = await requireCase(agent, caseId, user.userName);
  const now = new Date();
  const row: Row = {
    id: randomUUID(),
    case_id: helpdeskCase.id,
    agent: agent.iamUserName,
    agent_name: agent.name,
    subject: user.userName,
    ticket: helpdeskCase.ticket,
    steps: JSON.stringify([...new Set(steps)]),
    status: 'open',
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + CASE_TTL_SECONDS * 1000).toISOString(),
    account_id: helpdeskCase.accountId,
  };
  await audited(
    {
      requestId,
      actor: agent.iamUserName,
      actorName: agent.name,
      subject: user.userName,
      action: 'helpdesk.guided-session.start',
      ticket: helpdeskCase.ticket,
      verification: helpdeskCase.verification,
    },
    () => replaceOpenSession(row),
  );
  return view(row);
}

/**
 * One guided session per person at a time, held by a unique index on open sessions: a new
 * one replaces any still open. Starts for the same person queue on a lock in the database
 * (several may arrive at once on different instances), so each cancels the one before it and
 * the last start wins, as on one instance; the index stays as the guarantee underneath.
 */
async function replaceOpenSession(row: Row): Promise<void> {
  const db = await database();
  const dialect = await databaseDialect();
  await db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, dialect, `guided/${row.subject.toLowerCase()}`);
    await trx.updateTable('guided_sessions').set({ status: 'cancelled' }).where('subject', '=', row.subject).where('status', '=', 'open').execute();
    await trx.insertInto('guided_sessions').values(row).execute();
  });
}

async function findRow(id: string): Promise<Row | undefined> {
  return (await database()).selectFrom('guided_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** For the agent who started it: the session with live progress. */
export async function getGuidedSessionForAgent(agent: LinkedPerson, id: string): Promise<GuidedSessionView> {
  const row = await findRow(id);
  if (!row || row.agent !== agent.iamUserName) throw new AppError('not-found');
  return view(row);
}

/** The guided session the agent started under this case, unless it was cancelled or ran out. */
export async function findGuidedSessionForCase(agent: LinkedPerson, caseId: string): Promise<GuidedSessionView | null> {
  const row = await (await database())
    .selectFrom('guided_sessions')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('agent', '=', agent.iamUserName)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const session = await view(row);
  return session.status === 'open' || session.status === 'completed' ? session : null;
}

export async function cancelGuidedSession(agent: LinkedPerson, requestId: string, id: string): Promise<GuidedSessionView> {
  const row = await findRow(id);
  if (!row || row.agent !== agent.iamUserName) throw new AppError('not-found');
  await audited(
    {
      requestId,
      actor: agent.iamUserName,
      actorName: agent.name,
      subject: row.subject,
      action: 'helpdesk.guided-session.cancel',
      ticket: row.ticket,
    },
    async () => {
      await (await database()).updateTable('guided_sessions').set({ status: 'cancelled' }).where('id', '=', id).execute();
    },
  );
  return view({ ...row, status: 'cancelled' });
}

/** For the person: their one open guided session, if any (null once finished, cancelled or expired). */
export async function getMyGuidedSession(person: LinkedPerson): Promise<GuidedSessionView | null> {
  const row = await (await database())
    .selectFrom('guided_sessions')
    .selectAll()
    .where('subject', '=', person.iamUserName)
    .where('status', '=', 'open')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const session = await view(row);
  return session.status === 'open' ? session : null;
}

/**
 * A person's own change, filed under the ticket of their guided session while it is still
 * under way; under none once it is completed, cancelled or expired.
 */
export async function selfServiceRequest(person: LinkedPerson, requestId: string): Promise<SelfServiceRequest> {
  const session = await getMyGuidedSession(person);
  // A change in another account than the reset's is the person's own, under no ticket.
  return { requestId, ticket: session && session.accountId === currentAccount().id ? session.ticket : null };
}
