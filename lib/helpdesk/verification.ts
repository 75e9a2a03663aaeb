import 'server-only';
import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { AppError } from '@/lib/app-error';
import { audited, auditStore } from '@/lib/audit';
import { currentAccount } from '@/lib/iam/account-scope';
import type { LinkedPerson } from '@/lib/auth/session';
import { config } from '@/lib/config';
import type { Selectable } from 'kysely';
import { caseLimits } from '@/lib/credentials/rate-limit';
import { database } from '@/lib/db';
import type { KagiDatabase } from '@/lib/db/schema';
import { helpableUser } from './people';
import { CASE_TTL_SECONDS, CODE_DIGITS, CODE_MAX_FAILED_ATTEMPTS, CODE_TTL_SECONDS } from './rules';

/** Codes are kept only as keyed hashes: the database alone cannot reveal a valid code. */
function hashCode(subject: string, code: string): string {
  return createHmac('sha256', config().NEXTAUTH_SECRET).update(`${subject.toLowerCase()}\0${code}`).digest('hex');
}

/**
 * A new help-desk code for the person to read out; it replaces any earlier one. Audited
 * (`helpdesk-code.issue`, never the code), which also tells the person by e-mail: a code asked
 * for in a session that is not theirs is how someone would start a help-desk takeover.
 */
export async function issueHelpdeskCode(person: LinkedPerson, requestId: string): Promise<{ code: string; issuedAt: string; expiresAt: string }> {
  return audited(
    { requestId, actor: person.iamUserName, actorName: person.name, subject: person.iamUserName, action: 'helpdesk-code.issue' },
    () => storeNewCode(person),
  );
}

async function storeNewCode(person: LinkedPerson): Promise<{ code: string; issuedAt: string; expiresAt: string }> {
  const code = String(randomInt(10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000).toISOString();
  const row = {
    subject: person.iamUserName,
    code_hash: hashCode(person.iamUserName, code),
    created_at: now.toISOString(),
    expires_at: expiresAt,
    failed_attempts: 0,
  };
  const db = await database();
  await db
    .insertInto('helpdesk_codes')
    .values(row)
    .onConflict((oc) => oc.column('subject').doUpdateSet(row))
    .execute();
  return { code, issuedAt: row.created_at, expiresAt };
}

export interface HelpdeskCodeState {
  /** The code that works now, if any (when it was issued, not the code itself). */
  current: { issuedAt: string; expiresAt: string } | null;
  /** The last time the help desk verified the person with a code, within a code's lifetime. */
  lastUse: { at: string; agentName: string } | null;
}

/**
 * What became of the person's code, for their home page: still valid, or used by the help
 * desk (a use deletes the code, so the use is read from the audit log). The page compares
 * these with the code it shows to say "used" instead of counting down.
 */
export async function helpdeskCodeState(person: LinkedPerson): Promise<HelpdeskCodeState> {
  const now = new Date();
  const row = await (await database())
    .selectFrom('helpdesk_codes')
    .select(['created_at', 'expires_at'])
    .where('subject', '=', person.iamUserName)
    .where('expires_at', '>', now.toISOString())
    .where('failed_attempts', '<', CODE_MAX_FAILED_ATTEMPTS)
    .executeTakeFirst();
  const uses = await (await auditStore()).list({
    subject: person.iamUserName,
    action: 'helpdesk.verify',
    from: new Date(now.getTime() - CODE_TTL_SECONDS * 1000),
    limit: 20,
  });
  const use = uses.find((entry) => entry.verification === 'code' && entry.outcome === 'ok');
  return {
    current: row ? { issuedAt: row.created_at, expiresAt: row.expires_at } : null,
    lastUse: use ? { at: use.at.toISOString(), agentName: use.actorName } : null,
  };
}

/**
 * Checks a code and uses it up. Wrong codes count; after the fifth the code is gone. Each
 * step is one conditional statement, so however many instances check codes at once, one
 * right code succeeds at most once and no more than five wrong ones are ever checked.
 */
async function consumeCode(subject: string, code: string): Promise<void> {
  const db = await database();
  const now = new Date().toISOString();
  // The right code: deleting the row is the use; of concurrent tries only one deletes it.
  // The hash is keyed with the session secret, so comparing it in SQL leaks nothing usable.
  const used = await db
    .deleteFrom('helpdesk_codes')
    .where('subject', '=', subject)
    .where('code_hash', '=', hashCode(subject, code))
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', CODE_MAX_FAILED_ATTEMPTS)
    .returning('subject')
    .executeTakeFirst();
  if (used) return;
  // A wrong code (or none left): count it, while fewer than five have been counted.
  const counted = await db
    .updateTable('helpdesk_codes')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('subject', '=', subject)
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', CODE_MAX_FAILED_ATTEMPTS)
    .returning('failed_attempts')
    .executeTakeFirst();
  if (!counted) {
    // Expired, used up, or never issued: clear whatever is left so the person is asked for a new one.
    await db.deleteFrom('helpdesk_codes').where('subject', '=', subject).where((eb) => eb.or([eb('expires_at', '<=', now), eb('failed_attempts', '>=', CODE_MAX_FAILED_ATTEMPTS)])).execute();
    throw new AppError('verification-unavailable');
  }
  const failed = Number(counted.failed_attempts);
  if (failed >= CODE_MAX_FAILED_ATTEMPTS) await db.deleteFrom('helpdesk_codes').where('subject', '=', subject).where('failed_attempts', '>=', CODE_MAX_FAILED_ATTEMPTS).execute();
  throw new AppError('verification-failed', { extra: { remainingAttempts: CODE_MAX_FAILED_ATTEMPTS - failed } });
}

export type VerificationInput = { code: string } | { otherMethod: string };

/**
 * 'waiting': opened "another way", without the person's code, so nothing proves the person
 * took part; a second help-desk member must approve it before any action (four eyes).
 */
export type CaseApproval = 'not-needed' | 'waiting' | 'approved';

export interface HelpdeskCase {
  id: string;
  subject: string;
  ticket: string;
  verification: string;
  expiresAt: string;
  agentName: string;
  approval: CaseApproval;
  approvedByName: string | null;
  /** The AWS account the case is about (null: Kagi's own, without an accounts file). */
  accountId: string | null;
}

type CaseRow = Selectable<KagiDatabase['helpdesk_cases']>;

const needsApproval = (verification: string) => verification.startsWith('other:');

function toCase(row: CaseRow): HelpdeskCase {
  return {
    id: row.id,
    subject: row.subject,
    ticket: row.ticket,
    verification: row.verification,
    expiresAt: row.expires_at,
    agentName: row.agent_name,
    approval: !needsApproval(row.verification) ? 'not-needed' : row.approved_at ? 'approved' : 'waiting',
    approvedByName: row.approved_by_name,
    accountId: row.account_id,
  };
}

/**
 * A case is about one person in one account: the request's account (`?account=`) must be the
 * case's, so a case opened for Sandbox never acts in Production under the same name.
 */
function inThisAccount(row: { account_id: string | null }): boolean {
  return row.account_id === currentAccount().id;
}

/**
 * Opens a case: the agent has verified the person (by their code, or by another method the
 * agent describes, which the audit marks as such) under a ticket. Actions need an open case.
 */
export async function openCase(
  agent: LinkedPerson,
  requestId: string,
  userName: string,
  ticket: string,
  verification: VerificationInput,
): Promise<HelpdeskCase> {
  const user = await helpableUser(agent, userName);
  const method = 'code' in verification ? 'code' : `other: ${verification.otherMethod}`;
  return audited(
    {
      requestId,
      actor: agent.iamUserName,
      actorName: agent.name,
      subject: user.userName,
      action: 'helpdesk.verify',
      ticket,
      verification: method,
    },
    async () => {
      if ('code' in verification) await consumeCode(user.userName, verification.code);
      const now = new Date();
      const helpdeskCase: CaseRow = {
        id: randomUUID(),
        agent: agent.iamUserName,
        agent_name: agent.name,
        subject: user.userName,
        ticket,
        verification: method,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + CASE_TTL_SECONDS * 1000).toISOString(),
        ended_at: null,
        approved_by: null,
        approved_by_name: null,
        approved_at: null,
        account_id: currentAccount().id,
      };
      await (await database()).insertInto('helpdesk_cases').values(helpdeskCase).execute();
      return toCase(helpdeskCase);
    },
    { rateLimits: caseLimits() },
  );
}

/** The agent's own open case for this person, if any: a reload of their page picks it up again. */
export async function findOpenCase(agent: LinkedPerson, userName: string): Promise<HelpdeskCase | null> {
  const row = await (await database())
    .selectFrom('helpdesk_cases')
    .selectAll()
    .where('agent', '=', agent.iamUserName)
    .where('subject', '=', userName)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .where('account_id', currentAccount().id === null ? 'is' : '=', currentAccount().id)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? toCase(row) : null;
}

/** The agent is done with this person: the case closes now, not when its time runs out. */
export async function endCase(agent: LinkedPerson, requestId: string, userName: string, caseId: string): Promise<void> {
  const user = await helpableUser(agent, userName);
  // A case still waiting for approval can be ended all the same.
  const helpdeskCase = await requireOwnCase(agent, caseId, user.userName);
  await audited(
    {
      requestId,
      actor: agent.iamUserName,
      actorName: agent.name,
      subject: helpdeskCase.subject,
      action: 'helpdesk.case.end',
      ticket: helpdeskCase.ticket,
      verification: helpdeskCase.verification,
    },
    async () => {
      const now = new Date().toISOString();
      // Only the agent's own case, only while open: an end racing another end finds it closed.
      const ended = await (await database())
        .updateTable('helpdesk_cases')
        .set({ expires_at: now, ended_at: now })
        .where('id', '=', caseId)
        .where('agent', '=', agent.iamUserName)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) === 0) throw new AppError('case-expired');
    },
  );
}

/** The agent's own open case for this person, approved or not; or 409 case-expired. */
export async function requireOwnCase(agent: LinkedPerson, caseId: string, userName: string): Promise<HelpdeskCase> {
  const row = await (await database())
    .selectFrom('helpdesk_cases')
    .selectAll()
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (
    !row ||
    row.agent !== agent.iamUserName ||
    row.subject.toLowerCase() !== userName.toLowerCase() ||
    row.ended_at !== null ||
    row.expires_at <= new Date().toISOString() ||
    !inThisAccount(row)
  ) {
    throw new AppError('case-expired');
  }
  return toCase(row);
}

/** The agent's own open case, ready for actions: 409 case-awaiting-approval until a second agent approved it. */
export async function requireCase(agent: LinkedPerson, caseId: string, userName: string): Promise<HelpdeskCase> {
  const helpdeskCase = await requireOwnCase(agent, caseId, userName);
  if (helpdeskCase.approval === 'waiting') throw new AppError('case-awaiting-approval');
  return helpdeskCase;
}

/**
 * A second member of the help desk approves a case opened "another way". The approver must
 * be allowed to help the person too, and cannot be the agent who opened it; the approval is
 * one conditional update, so it happens once. Audited under the case's ticket with the
 * approver as actor: the opener's verification entry and this one together name both.
 */
export async function approveCase(approver: LinkedPerson, requestId: string, userName: string, caseId: string): Promise<HelpdeskCase> {
  const user = await helpableUser(approver, userName);
  const db = await database();
  const row = await db.selectFrom('helpdesk_cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  const now = new Date().toISOString();
  if (!row || row.subject.toLowerCase() !== user.userName.toLowerCase() || row.ended_at !== null || row.expires_at <= now || !inThisAccount(row)) {
    throw new AppError('case-expired');
  }
  if (row.agent === approver.iamUserName || !needsApproval(row.verification) || row.approved_at !== null) throw new AppError('approval-not-allowed');
  await audited(
    {
      requestId,
      actor: approver.iamUserName,
      actorName: approver.name,
      subject: row.subject,
      action: 'helpdesk.case.approve',
      ticket: row.ticket,
      verification: row.verification,
    },
    async () => {
      const approved = await db
        .updateTable('helpdesk_cases')
        .set({ approved_by: approver.iamUserName, approved_by_name: approver.name, approved_at: now })
        .where('id', '=', caseId)
        .where('agent', '!=', approver.iamUserName)
        .where('approved_at', 'is', null)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(approved.numUpdatedRows) === 0) throw new AppError('approval-not-allowed');
    },
  );
  return toCase({ ...row, approved_by: approver.iamUserName, approved_by_name: approver.name, approved_at: now });
}

export interface CaseAwaitingApproval extends HelpdeskCase {
  createdAt: string;
}

/** Cases opened "another way" by other agents, still open and waiting for a second pair of eyes. */
export async function listCasesAwaitingApproval(agent: LinkedPerson): Promise<CaseAwaitingApproval[]> {
  const rows = await (await database())
    .selectFrom('helpdesk_cases')
    .selectAll()
    .where('agent', '!=', agent.iamUserName)
    .where('verification', 'like', 'other:%')
    .where('approved_at', 'is', null)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .orderBy('created_at')
    .limit(100)
    .execute();
  return rows.map((row) => ({ ...toCase(row), createdAt: row.created_at }));
}
