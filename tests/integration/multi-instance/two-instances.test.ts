import crypto from 'node:crypto';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';
import { instanceIdOf, waitFor } from '@/tests/support/instances';
import { createLoadUsers, runLoad } from '@/tests/support/load.mjs';

/**
 * Two portal instances on one PostgreSQL database, as behind a load balancer: one session
 * works on both, every rule holds when concurrent requests are spread over both, and when one
 * instance dies the other keeps answering while the dead one's leftovers are resolved, and
 * only those.
 */
let stack: PortalStack;
let agentCookie: string;

beforeAll(async () => {
  stack = await startPortalStack({ store: 'postgres', instances: 2, heartbeatSeconds: 1 });
  agentCookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
});
afterAll(async () => {
  await stack?.stop();
});

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** Request i goes to instance i mod 2, as a load balancer would spread them. */
const spread = (count: number, send: (instance: number, i: number) => Promise<Response>) =>
  Promise.all(Array.from({ length: count }, (_, i) => send(i % 2, i)));
const asAgent = (instance: number, path: string, init: RequestInit = {}) =>
  stack.callInstance(instance, null, path, { ...init, headers: { cookie: agentCookie, ...(init.headers as Record<string, string>) } });

async function newPerson(withPassword = false): Promise<string> {
  const userName = `p${crypto.randomBytes(4).toString('hex')}`;
  await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
  if (withPassword) await stack.admin.send(new CreateLoginProfileCommand({ UserName: userName, Password: strong(), PasswordResetRequired: true }));
  return userName;
}
const strong = () => `Kagi-${crypto.randomBytes(6).toString('hex')}-Aa1!`;

async function codeFor(userName: string): Promise<string> {
  const res = await stack.callInstance(1, userName, '/api/me/helpdesk-code', { method: 'POST' });
  expect(res.status).toBe(201);
  return (await res.json()).code;
}
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function auditOf(subject: string) {
  return stack.db.selectFrom('audit_entries').selectAll().where('subject', '=', subject).orderBy('id').execute();
}

describe('one session, either instance', () => {
  it('a key created through one instance is listed and switched off through the other', async () => {
    const userName = await newPerson();
    const created = await stack.callInstance(0, userName, '/api/me/access-keys', json('POST', {}));
    expect(created.status).toBe(201);
    const { accessKeyId } = await created.json();
    const listed = await (await stack.callInstance(1, userName, '/api/me/access-keys')).json();
    expect(listed.keys.map((k: { accessKeyId: string }) => k.accessKeyId)).toEqual([accessKeyId]);
    expect((await stack.callInstance(1, userName, `/api/me/access-keys/${accessKeyId}`, json('PATCH', { status: 'Inactive' }))).status).toBe(200);
    const activity = await (await stack.callInstance(0, userName, '/api/me/activity')).json();
    expect(activity.entries.map((e: { action: string }) => e.action)).toEqual(['access-key.deactivate', 'access-key.create']);
  });
});

describe('sessions end on every instance', () => {
  it('a session signed out through one instance is refused by the other', async () => {
    const userName = await newPerson();
    const cookie = await stack.cookieFor(userName, { sub: `idp-${userName}` });
    expect((await stack.callInstance(1, null, '/api/me', { headers: { cookie } })).status).toBe(200);
    expect((await stack.callInstance(0, null, '/api/session/end', { method: 'POST', headers: { cookie } })).status).toBe(200);
    expect((await stack.callInstance(1, null, '/api/me', { headers: { cookie } })).status).toBe(401);
    expect((await stack.callInstance(0, null, '/api/me', { headers: { cookie } })).status).toBe(401);
  });
});

describe('rate limits hold across instances', () => {
  it('of 40 key creations sent at once over both instances, at most 30 attempts get past the limit and at most 10 keys are made', async () => {
    const userName = await newPerson();
    const answers = await spread(40, (i) => stack.callInstance(i, userName, '/api/me/access-keys', json('POST', {})));
    const statuses = answers.map((r) => r.status);
    // 201 (made), 409 (IAM's two-key quota) and 429 (Kagi's limit) are the only answers.
    expect(statuses.filter((s) => ![201, 409, 429].includes(s))).toEqual([]);
    // Refusals by IAM's quota made no key, so they count only toward the 30 attempts an hour.
    const throughLimit = statuses.filter((s) => s !== 429).length;
    expect(throughLimit).toBeLessThanOrEqual(30);
    expect(throughLimit).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(10);
    const entries = (await auditOf(userName)).filter((e) => e.action === 'access-key.create');
    expect(entries).toHaveLength(40);
    expect(entries.filter((e) => e.outcome !== 'rate-limited')).toHaveLength(throughLimit);
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
    expect(AccessKeyMetadata.length).toBe(statuses.filter((s) => s === 201).length);
  });

  it('of 16 password changes sent at once over both instances, at most 5 get past the limit', async () => {
    const userName = await newPerson(true);
    const answers = await spread(16, (i) => stack.callInstance(i, userName, '/api/me/console-password', json('PUT', { newPassword: strong() })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => ![204, 200, 409, 429].includes(s))).toEqual([]);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 429).length).toBeGreaterThan(0);
    expect((await auditOf(userName)).filter((e) => e.outcome !== 'rate-limited')).toHaveLength(statuses.filter((s) => s !== 429).length);
  });
});

describe('help-desk codes hold across instances', () => {
  it('of 12 wrong codes sent at once over both instances, at most 5 are checked, and then the right one is refused too', async () => {
    const userName = await newPerson();
    const code = await codeFor(userName);
    const answers = await spread(12, (i, n) => asAgent(i, `/api/helpdesk/users/${userName}/cases`, json('POST', { ticket: `INC-W${n}`, code: wrong(code) })));
    const codes = await Promise.all(answers.map(async (r) => (await r.json()).code));
    expect(codes.filter((c) => c !== 'verification-failed' && c !== 'verification-unavailable')).toEqual([]);
    expect(codes.filter((c) => c === 'verification-failed').length).toBeLessThanOrEqual(5);
    const right = await asAgent(0, `/api/helpdesk/users/${userName}/cases`, json('POST', { ticket: 'INC-R', code }));
    expect(right.status).toBe(409);
    expect((await right.json()).code).toBe('verification-unavailable');
  });

  it('the right code sent 10 times at once over both instances opens exactly one case', async () => {
    const userName = await newPerson();
    const code = await codeFor(userName);
    const answers = await spread(10, (i, n) => asAgent(i, `/api/helpdesk/users/${userName}/cases`, json('POST', { ticket: `INC-C${n}`, code })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    expect(await stack.db.selectFrom('helpdesk_cases').select('id').where('subject', '=', userName).execute()).toHaveLength(1);
  });
});

describe('cases and guided resets hold across instances', () => {
  /** A case verified another way, approved by a second agent (four eyes) through the other instance. */
  async function openCase(userName: string, ticket: string): Promise<string> {
    const res = await asAgent(0, `/api/helpdesk/users/${userName}/cases`, json('POST', { ticket, otherMethod: 'video call, photo ID checked' }));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const approver = await stack.cookieFor('hanako', { roles: ['user', 'helpdesk'] });
    expect((await stack.callInstance(1, null, `/api/helpdesk/users/${userName}/cases/${id}/approval`, { method: 'POST', headers: { cookie: approver } })).status).toBe(200);
    return id;
  }

  it('6 guided resets started at once over both instances leave exactly one open', async () => {
    const userName = await newPerson();
    const caseIds = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => openCase(userName, `INC-G${n}`)));
    const answers = await spread(6, (i, n) => asAgent(i, '/api/helpdesk/guided-sessions', json('POST', { userName, caseId: caseIds[n], steps: ['rotate-access-key'] })));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const open = await stack.db.selectFrom('guided_sessions').select('id').where('subject', '=', userName).where('status', '=', 'open').execute();
    expect(open).toHaveLength(1);
    const mine = await (await stack.callInstance(1, userName, '/api/me/guided-session')).json();
    expect(mine.session.id).toBe(open[0]!.id);
  });

  it('a case ended twice at once over both instances ends once; another agent cannot end it', async () => {
    const userName = await newPerson();
    const caseId = await openCase(userName, 'INC-E1');
    const otherAgent = await stack.cookieFor('hanako', { roles: ['user', 'helpdesk'] });
    const foreign = await stack.callInstance(1, null, `/api/helpdesk/users/${userName}/cases/${caseId}`, { method: 'DELETE', headers: { cookie: otherAgent } });
    expect(foreign.status).toBe(409);
    const answers = await spread(2, (i) => asAgent(i, `/api/helpdesk/users/${userName}/cases/${caseId}`, { method: 'DELETE' }));
    expect(answers.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await auditOf(userName)).filter((e) => e.action === 'helpdesk.case.end' && e.outcome === 'ok')).toHaveLength(1);
  });
});

describe('one instance dies', () => {
  it('the other keeps answering, with no 5xx, while one is killed mid-traffic', async () => {
    const users = await createLoadUsers(stack.admin, 10, 'mi');
    const load = runLoad({ origin: stack.origin, instances: stack.instances.map((i) => i.url), secret: stack.secret, users, durationMs: 6_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    await stack.instances[0]!.kill();
    const killedAt = Date.now();
    const result = await load;
    await stack.instances[0]!.start();
    expect(result.samples.filter((s) => s.status >= 500)).toEqual([]);
    // The survivor went on answering after the kill (the last 4 s of the 6), and the dead one did not.
    expect(result.samples.filter((s) => s.instance === 1 && s.startedAt > killedAt).length).toBeGreaterThan(10);
    expect(result.samples.filter((s) => s.instance === 0 && s.startedAt > killedAt + 500)).toEqual([]);
    expect(result.networkErrors).toBeGreaterThan(0);
    // What the killed instance left pending is resolved; keys it made have their creation logged.
    await waitFor(async () => (await stack.db.selectFrom('audit_entries').select('id').where('outcome', '=', 'pending').execute()).length === 0, 30_000, 'no entry pending');
    const logged = new Set((await stack.db.selectFrom('audit_entries').select('access_key_id').where('action', '=', 'access-key.create').execute()).map((r) => r.access_key_id));
    for (const userName of users) {
      const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
      for (const key of AccessKeyMetadata) expect(logged.has(key.AccessKeyId!), `${key.AccessKeyId} has no creation entry`).toBe(true);
    }
  });

  it('the restarted instance resolves only what the dead one left, never the live one’s changes in flight', async () => {
    const userName = await newPerson();
    const deadId = await instanceIdOf(stack, 0);
    const liveId = await instanceIdOf(stack, 1);
    // The dead instance's crash window: IAM made a key, the outcome was never written.
    const orphan = await stack.db
      .insertInto('audit_entries')
      .values({ at: new Date().toISOString(), request_id: 'crashed', actor: userName, actor_name: userName, subject: userName, action: 'access-key.create', outcome: 'pending', instance_id: deadId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));

    // An entry of the live instance that looks abandoned (an hour old), but its instance is alive.
    const oldButLive = await stack.db
      .insertInto('audit_entries')
      .values({ at: new Date(Date.now() - 3_600_000).toISOString(), request_id: 'slow', actor: userName, actor_name: userName, subject: userName, action: 'access-key.activate', outcome: 'pending', instance_id: liveId })
      .returning('id')
      .executeTakeFirstOrThrow();

    await stack.instances[0]!.kill();
    await new Promise((r) => setTimeout(r, 4_000));
    // The live instance starts a change that IAM takes 9 s to make, as the dead one is about to be swept.
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 1, fault: 'delay', delayMs: 9_000 });
    const inFlight = stack.callInstance(1, userName, `/api/me/access-keys/${AccessKey!.AccessKeyId}`, json('PATCH', { status: 'Inactive' }));
    await waitFor(async () => (await auditOf(userName)).some((e) => e.action === 'access-key.deactivate'), 5_000, 'the live change to begin');
    await stack.instances[0]!.start();

    const rowOf = async (where: (e: Awaited<ReturnType<typeof auditOf>>[number]) => boolean) => (await auditOf(userName)).find(where)!;
    // Taken for dead six missed heartbeats (6 s) after the kill, then swept within 3 s.
    await waitFor(async () => (await rowOf((e) => e.id === orphan.id)).outcome !== 'pending', 20_000, 'the dead instance’s entry to be resolved');
    expect(await rowOf((e) => e.id === orphan.id)).toMatchObject({ outcome: 'ok', access_key_id: AccessKey!.AccessKeyId });
    expect(await rowOf((e) => e.action === 'access-key.deactivate')).toMatchObject({ instance_id: liveId, outcome: 'pending' });
    expect(await rowOf((e) => e.id === oldButLive.id)).toMatchObject({ outcome: 'pending' });

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await rowOf((e) => e.action === 'access-key.deactivate')).toMatchObject({ outcome: 'ok' });
    const claimed = await stack.db.selectFrom('portal_instances').selectAll().where('id', '=', deadId).executeTakeFirstOrThrow();
    // Claimed by one live instance (either may sweep), and done.
    expect([liveId, await instanceIdOf(stack, 0)]).toContain(claimed.recovered_by);
    expect(claimed.recovered_at).not.toBeNull();
    expect(await rowOf((e) => e.id === oldButLive.id)).toMatchObject({ outcome: 'pending' });
    await stack.db.updateTable('audit_entries').set({ outcome: 'interrupted' }).where('id', '=', oldButLive.id).execute();
  }, 60_000);
});
