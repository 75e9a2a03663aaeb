import { CreateUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Opening help-desk cases is limited (lib/credentials/rate-limit.ts): 20 an hour per agent and
 * 5 an hour about one person, whoever opens them, counted from the audit log under a lock, so
 * the same on every instance. Runs on SQLite and, in the postgres project, on PostgreSQL.
 */

let stack: PortalStack;
let people = 0;

beforeAll(async () => {
  // The defaults (the test stack raises them for the other tests).
  stack = await startPortalStack({ portalEnv: { HELPDESK_CASES_PER_AGENT_HOUR: '20', HELPDESK_CASES_PER_PERSON_HOUR: '5' } });
});
afterAll(async () => {
  await stack?.stop();
});

async function newPerson(): Promise<string> {
  const userName = `case-${++people}-${Date.now().toString(36)}`;
  await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
  return userName;
}
const agentCookie = (agent: string) => stack.cookieFor(agent, { roles: ['user', 'helpdesk'] });

/** A case opened "another way" (no code needed): the status, the problem's code and Retry-After. */
async function openOtherWay(cookie: string, userName: string, ticket: string) {
  const res = await stack.call(null, `/api/helpdesk/users/${userName}/cases`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ ticket, otherMethod: 'called back on the desk phone' }),
  });
  const body = await res.json();
  return { status: res.status, code: body.code as string | undefined, retryAfter: body.retryAfter as number | undefined, header: res.headers.get('retry-after') };
}

const outcomes = async (where: { actor?: string; subject?: string }) => {
  let q = stack.db.selectFrom('audit_entries').select('outcome').where('action', '=', 'helpdesk.verify');
  if (where.actor) q = q.where('actor', '=', where.actor);
  if (where.subject) q = q.where('subject', '=', where.subject);
  return (await q.execute()).map((r) => r.outcome).sort();
};

describe('opening help-desk cases', () => {
  it('allows five cases an hour about one person, whoever opens them; the sixth is 429 rate-limited, with Retry-After, and audited', async () => {
    const person = await newPerson();
    const sato = await agentCookie('sato');
    const kenji = await agentCookie('kenji');
    for (let i = 1; i <= 5; i++) expect((await openOtherWay(i % 2 ? sato : kenji, person, `INC-P${i}`)).status).toBe(201);
    for (const cookie of [sato, kenji]) {
      const refused = await openOtherWay(cookie, person, 'INC-P6');
      expect(refused).toMatchObject({ status: 429, code: 'rate-limited' });
      // The oldest of the five leaves the hour's window in just under an hour.
      expect(refused.retryAfter).toBeGreaterThan(3500);
      expect(refused.retryAfter).toBeLessThanOrEqual(3600);
      expect(Number(refused.header)).toBe(refused.retryAfter);
    }
    expect(await outcomes({ subject: person })).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'rate-limited', 'rate-limited']);
    // The limit is the person's: the same agents still help someone else.
    expect((await openOtherWay(sato, await newPerson(), 'INC-P7')).status).toBe(201);
  });

  it('allows an agent twenty cases an hour, about anyone; the 21st is refused, other agents are not', async () => {
    const agent = 'limit-agent-1';
    const cookie = await agentCookie(agent);
    const persons = await Promise.all([1, 2, 3, 4, 5].map(() => newPerson()));
    for (let i = 0; i < 20; i++) expect((await openOtherWay(cookie, persons[i % 4]!, `INC-A${i}`)).status, `case ${i + 1}`).toBe(201);
    const refused = await openOtherWay(cookie, persons[4]!, 'INC-A21');
    expect(refused).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(Number(refused.header)).toBeGreaterThan(3500);
    expect((await outcomes({ actor: agent })).filter((o) => o === 'ok')).toHaveLength(20);
    expect((await outcomes({ actor: agent })).filter((o) => o === 'rate-limited')).toEqual(['rate-limited']);
    // The fifth person was not helped yet, and another agent may.
    expect((await openOtherWay(await agentCookie('sato'), persons[4]!, 'INC-A22')).status).toBe(201);
  });

  it('holds under concurrent openings: twelve at once about one person by several agents open five', async () => {
    const person = await newPerson();
    const cookies = await Promise.all(['sato', 'kenji', 'limit-agent-2'].map(agentCookie));
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => openOtherWay(cookies[i % 3]!, person, `INC-C${i}`)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429 && a.code === 'rate-limited')).toHaveLength(7);
    const rows = await stack.db.selectFrom('helpdesk_cases').select('id').where('subject', '=', person).execute();
    expect(rows).toHaveLength(5);
  });

  it('holds under concurrent openings by one agent: thirty at once about ten people open twenty', async () => {
    const agent = 'limit-agent-3';
    const cookie = await agentCookie(agent);
    const persons = await Promise.all(Array.from({ length: 10 }, () => newPerson()));
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => openOtherWay(cookie, persons[i % 10]!, `INC-D${i}`)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(10);
    const rows = await stack.db.selectFrom('helpdesk_cases').select('id').where('agent', '=', agent).execute();
    expect(rows).toHaveLength(20);
  });
});
