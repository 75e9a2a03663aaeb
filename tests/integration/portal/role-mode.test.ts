import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Role mode (PORTAL_ROLE_ARN) on the whole portal: every IAM call is made with a session of
 * the role in deploy/, whose SourceIdentity names the person served, and the local endpoint's
 * trail shows it as CloudTrail would. Sessions are cached, renewed before they expire and
 * after an ExpiredToken without the person noticing; a refused or throttled AssumeRole is a
 * clear problem+json and changes nothing.
 */

interface TrailEvent {
  action: string;
  errorCode?: string;
  requestParameters: Record<string, unknown> | null;
  userIdentity: { type: string; arn: string; userName?: string; sessionContext?: { sourceIdentity?: string } };
}

let stack: PortalStack;
let agentCookie: string;

const MUTATIONS = new Set(['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile']);

beforeAll(async () => {
  stack = await startPortalStack({ role: true });
  agentCookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
});
afterAll(async () => {
  await stack?.stop();
});

async function local(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${stack.iam.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'x-local-iam-admin-secret': stack.iam.adminSecretAccessKey, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  expect(res.status).toBe(200);
  return res.json();
}
const trail = async (): Promise<TrailEvent[]> => (await local('/_local/trail')).events;
const clearTrail = () => local('/_local/trail', { method: 'DELETE' });
const sourceOf = (e: TrailEvent) => e.userIdentity.sessionContext?.sourceIdentity;

const jsonInit = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const asAgent = (path: string, init: RequestInit = {}) => stack.call(null, path, { ...init, headers: { cookie: agentCookie, ...(init.headers as Record<string, string>) } });

async function keysOf(userName: string) {
  const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
  return AccessKeyMetadata.map((k) => k.AccessKeyId!);
}

async function openCase(userName: string, ticket: string): Promise<string> {
  const codeRes = await stack.call(userName, '/api/me/helpdesk-code', { method: 'POST' });
  expect(codeRes.status).toBe(201);
  const { code } = await codeRes.json();
  const res = await asAgent(`/api/helpdesk/users/${userName}/cases`, jsonInit('POST', { ticket, code }));
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

describe('role mode', () => {
  it('the base principal itself may only assume the role: its own IAM calls are AccessDenied', async () => {
    const { IAMClient } = await import('@aws-sdk/client-iam');
    const asBase = new IAMClient({ endpoint: stack.iam.url, region: 'us-east-1', maxAttempts: 1, credentials: stack.portalKey });
    await expect(asBase.send(new ListAccessKeysCommand({ UserName: 'taro' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    asBase.destroy();
  });

  it('every change a person makes is made by a session whose SourceIdentity is that person; the help desk’s by the agent, tagged with the case', async () => {
    await clearTrail();
    // taro, self-service: create, switch off, delete a key; set the console password.
    const created = await stack.call('taro', '/api/me/access-keys', jsonInit('POST', {}));
    expect(created.status).toBe(201);
    const { accessKeyId, secretAccessKey } = await created.json();
    expect((await stack.call('taro', `/api/me/access-keys/${accessKeyId}`, jsonInit('PATCH', { status: 'Inactive' }))).status).toBe(200);
    expect((await stack.call('taro', `/api/me/access-keys/${accessKeyId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await stack.call('taro', '/api/me/console-password', jsonInit('PUT', { newPassword: `Role-Mode-${Date.now()}-Aa1!` }))).status).toBe(204);

    // sato, help desk, on hanako: a key switched off and a temporary password, under a case.
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const caseId = await openCase('hanako', 'INC#7001');
    let res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'deactivate-key', accessKeyId: AccessKey!.AccessKeyId }));
    expect(res.status).toBe(200);
    res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'enable-console-password' }));
    expect(res.status).toBe(200);
    res = await asAgent('/api/helpdesk/users/hanako/actions', jsonInit('POST', { caseId, action: 'disable-console-password' }));
    expect(res.status).toBe(200);

    const events = await trail();
    // The test's own set-up calls are the admin key's (Root).
    const mutations = events.filter((e) => MUTATIONS.has(e.action) && e.userIdentity.type !== 'Root');
    expect(mutations.map((e) => [e.action, e.requestParameters?.userName, e.userIdentity.type, sourceOf(e), e.errorCode ?? 'ok'])).toEqual([
      ['CreateAccessKey', 'taro', 'AssumedRole', 'taro', 'ok'],
      ['UpdateAccessKey', 'taro', 'AssumedRole', 'taro', 'ok'],
      ['DeleteAccessKey', 'taro', 'AssumedRole', 'taro', 'ok'],
      ['UpdateLoginProfile', 'taro', 'AssumedRole', 'taro', 'ok'],
      ['UpdateAccessKey', 'hanako', 'AssumedRole', 'sato', 'ok'],
      ['CreateLoginProfile', 'hanako', 'AssumedRole', 'sato', 'ok'],
      ['DeleteLoginProfile', 'hanako', 'AssumedRole', 'sato', 'ok'],
    ]);
    expect(mutations.map((e) => e.userIdentity.arn.replace(/^.*assumed-role\//, ''))).toEqual([
      ...Array(4).fill('kagi-portal-role/self-taro'),
      ...Array(3).fill('kagi-portal-role/helpdesk-sato'),
    ]);
    // Nothing but AssumeRole is the base principal's own; every call is some person's.
    expect(events.filter((e) => e.userIdentity.type === 'IAMUser').map((e) => e.action).every((a) => a === 'AssumeRole')).toBe(true);
    const helpdeskTags = events
      .filter((e) => e.action === 'AssumeRole' && (e.requestParameters?.sourceIdentity as string) === 'sato')
      .map((e) => e.requestParameters?.tags);
    // The case's session names the person helped and the ticket ('#' is not a tag character).
    expect(helpdeskTags).toContainEqual([
      { key: 'kagi-purpose', value: 'helpdesk' },
      { key: 'kagi-subject', value: 'hanako' },
      { key: 'kagi-ticket', value: 'INC_7001' },
    ]);
    // The session's credentials never reach the portal's log or its answers.
    const assumed = events.filter((e) => e.userIdentity.type === 'AssumedRole').map((e) => (e.userIdentity as { accessKeyId?: string }).accessKeyId!);
    const log = fs.readFileSync(stack.logFile, 'utf8');
    for (const id of new Set(assumed)) expect(log).not.toContain(id);
    expect(await stack.storedText()).not.toMatch(/ASIA[A-Z2-7]{16}/);
    expect(log).not.toContain(secretAccessKey);
  });

  it('sessions are cached per person and purpose: many requests, one AssumeRole', async () => {
    await stack.call('hanako', '/api/me/access-keys'); // hanako's self-service session exists now
    const before = stack.iam.requestCount('AssumeRole');
    for (let i = 0; i < 5; i++) expect((await stack.call('hanako', '/api/me/access-keys')).status).toBe(200);
    expect((await stack.call('hanako', '/api/me/console-password')).status).toBe(200);
    expect(stack.iam.requestCount('AssumeRole')).toBe(before);
  });

  it('a session is renewed shortly before it expires, without an ExpiredToken and without the person noticing', async () => {
    await local('/_local/sessions', { method: 'POST', body: { lifetimeCapSeconds: 4 } });
    try {
      await clearTrail();
      expect((await stack.call('mori', '/api/me/access-keys')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 3_500)); // past the renewal point (4/5 of its life), before its end
      expect((await stack.call('mori', '/api/me/access-keys')).status).toBe(200);
      const events = (await trail()).filter((e) => e.requestParameters?.roleSessionName === 'self-mori' || sourceOf(e) === 'mori');
      expect(events.filter((e) => e.action === 'AssumeRole').length).toBe(2);
      expect(events.filter((e) => e.errorCode !== undefined)).toEqual([]);
    } finally {
      await local('/_local/sessions', { method: 'POST', body: { lifetimeCapSeconds: null } });
    }
  });

  it('a session that expired anyway (ExpiredToken) is assumed again and the request retried once, unnoticed', async () => {
    expect((await stack.call('taro', '/api/me/access-keys')).status).toBe(200);
    await clearTrail();
    expect((await local('/_local/sessions', { method: 'POST', body: { expireNow: true } })).expired).toBeGreaterThan(0);
    const res = await stack.call('taro', '/api/me/access-keys');
    expect(res.status).toBe(200);
    const events = (await trail()).filter((e) => sourceOf(e) === 'taro' || e.requestParameters?.sourceIdentity === 'taro');
    // The list makes two calls at once (the keys and their names): each is refused, one new
    // session is assumed for both, and each is sent once more.
    const outcomes = events.map((e) => [e.action, e.errorCode ?? 'ok']);
    const firstAssume = outcomes.findIndex(([action]) => action === 'AssumeRole');
    expect(outcomes.slice(0, firstAssume).sort()).toEqual([
      ['ListAccessKeys', 'ExpiredToken'],
      ['ListUserTags', 'ExpiredToken'],
    ]);
    expect(outcomes.filter(([action]) => action === 'AssumeRole')).toEqual([['AssumeRole', 'ok']]);
    expect(outcomes.slice(firstAssume + 1, firstAssume + 3).sort()).toEqual([
      ['ListAccessKeys', 'ok'],
      ['ListUserTags', 'ok'],
    ]);
  });

  it('a throttled AssumeRole: 503 role-throttled with Retry-After, one audit entry, nothing changed in IAM', async () => {
    await local('/_local/sessions', { method: 'POST', body: { expireNow: true } });
    const before = await keysOf('taro');
    // The SDK tries AssumeRole three times.
    stack.iam.injectFault({ action: 'AssumeRole', count: 3, fault: 'Throttling' });
    try {
      const res = await stack.call('taro', '/api/me/access-keys', jsonInit('POST', {}));
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ code: 'role-throttled', status: 503 });
    } finally {
      stack.iam.clearFaults();
    }
    expect(await keysOf('taro')).toEqual(before);
    const entry = await stack.db.selectFrom('audit_entries').selectAll().where('subject', '=', 'taro').where('action', '=', 'access-key.create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.outcome).toBe('role-throttled');
  });

  it('a refused AssumeRole (the trust policy no longer names the portal): 502 role-denied, nothing changed in IAM', async () => {
    const trust = fs.readFileSync('deploy/role-trust-policy.json', 'utf8');
    await stack.admin.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'kagi-portal-role', PolicyDocument: trust.replaceAll('user/service/kagi-portal', 'user/service/someone-else') }));
    await local('/_local/sessions', { method: 'POST', body: { expireNow: true } });
    const before = await keysOf('taro');
    try {
      const res = await stack.call('taro', '/api/me/access-keys', jsonInit('POST', {}));
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'role-denied', status: 502 });
      const ready = await stack.call(null, '/api/health/ready');
      expect(ready.status).toBe(503);
      expect((await ready.json()).checks.iam).toBe('denied');
    } finally {
      await stack.admin.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'kagi-portal-role', PolicyDocument: trust }));
    }
    expect(await keysOf('taro')).toEqual(before);
    expect((await stack.call('taro', '/api/me/access-keys')).status).toBe(200);
    for (const id of await keysOf('taro')) await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: id }));
  });

  it('sign-in linking and readiness work as the portal’s system session', async () => {
    await clearTrail();
    // A session older than five minutes has its IAM link checked again.
    const now = Math.floor(Date.now() / 1000);
    const cookie = await stack.cookieFor('hanako', { signedInAt: now - 600 });
    const me = await stack.call(null, '/api/me', { headers: { cookie } });
    expect((await me.json()).iamUserName).toBe('hanako');
    expect((await stack.call(null, '/api/health/ready')).status).toBe(200);
    const events = await trail();
    expect(events.filter((e) => e.action === 'GetUser').map((e) => [sourceOf(e), e.userIdentity.arn.split('/').pop()])).toContainEqual(['kagi-system', 'system-sign-in']);
    expect(events.filter((e) => e.action === 'GetAccountPasswordPolicy').map((e) => e.userIdentity.arn.split('/').pop())).toContain('system-readiness');
  });
});
