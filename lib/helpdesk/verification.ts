import 'server-only';
import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { AppError } from '@/lib/app-error';
import { audited } from '@/lib/audit';
import type { LinkedPerson } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { database } from '@/lib/db';
import { helpableUser } from './people';
import { CASE_TTL_SECONDS, CODE_DIGITS, CODE_MAX_FAILED_ATTEMPTS, CODE_TTL_SECONDS } from './rules';

/** Codes are kept only as keyed hashes: the database alone cannot reveal a valid code. */
function hashCode(subject: string, code: string): string {
  return createHmac('sha256', config().NEXTAUTH_SECRET).update(`${subject.toLowerCase()}\0${code}`).digest('hex');
}

/** A new help-desk code for the person to read out; it replaces any earlier one. */
export async function issueHelpdeskCode(person: LinkedPerson): Promise<{ code: string; expiresAt: string }> {
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
  return { code, expiresAt };
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

export interface HelpdeskCase {
  id: string;
  subject: string;
  ticket: string;
  verification: string;
  expiresAt: string;
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
      const helpdeskCase = {
        id: randomUUID(),
        agent: agent.iamUserName,
        agent_name: agent.name,
        subject: user.userName,
        ticket,
        verification: method,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + CASE_TTL_SECONDS * 1000).toISOString(),
      };
      await (await database()).insertInto('helpdesk_cases').values(helpdeskCase).execute();
      return { id: helpdeskCase.id, subject: user.userName, ticket, verification: method, expiresAt: helpdeskCase.expires_at };
    },
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
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, subject: row.subject, ticket: row.ticket, verification: row.verification, expiresAt: row.expires_at } : null;
}

/** The agent is done with this person: the case closes now, not when its time runs out. */
export async function endCase(agent: LinkedPerson, requestId: string, userName: string, caseId: string): Promise<void> {
  const user = await helpableUser(agent, userName);
  const helpdeskCase = await requireCase(agent, caseId, user.userName);
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

/** The agent's own open case for this person, or 409 case-expired. */
export async function requireCase(agent: LinkedPerson, caseId: string, userName: string): Promise<HelpdeskCase> {
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
    row.expires_at <= new Date().toISOString()
  ) {
    throw new AppError('case-expired');
  }
  return { id: row.id, subject: row.subject, ticket: row.ticket, verification: row.verification, expiresAt: row.expires_at };
}
