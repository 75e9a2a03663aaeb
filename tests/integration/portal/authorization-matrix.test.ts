import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Every route × every kind of caller, with the status each must get, and proof that the
 * refused calls changed nothing in IAM.
 */
type Caller = 'signed out' | 'user' | 'user on another’s resource' | 'help desk' | 'help desk on a protected user';
const callers: Caller[] = ['signed out', 'user', 'user on another’s resource', 'help desk', 'help desk on a protected user'];

let stack: PortalStack;
let ids: { taroKey: string; hanakoKey: string; suzukiKey: string };
const NO_SUCH_SESSION = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  stack = await startPortalStack();
  await stack.admin.send(new CreateUserCommand({ UserName: 'suzuki', Path: '/staff/helpdesk/' }));
  const key = async (userName: string) =>
    (await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!.AccessKeyId!;
  ids = { taroKey: await key('taro'), hanakoKey: await key('hanako'), suzukiKey: await key('suzuki') };
  await stack.admin.send(new UpdateAccessKeyCommand({ UserName: 'hanako', AccessKeyId: ids.hanakoKey, Status: 'Inactive' }));
});
afterAll(async () => {
  await stack?.stop();
});

const USERS = ['taro', 'hanako', 'sato', 'suzuki'];

/** What IAM holds for everyone a refused call could touch. */
async function iamSnapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const userName of USERS) {
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
    const profile = await stack.admin
      .send(new GetLoginProfileCommand({ UserName: userName }))
      .then((r) => r.LoginProfile?.PasswordResetRequired ?? null)
      .catch(() => 'none');
    parts.push([userName, AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status]), profile]);
  }
  return JSON.stringify(parts);
}

async function cookieOf(caller: Caller): Promise<string | null> {
  if (caller === 'signed out') return null;
  if (caller.startsWith('help desk')) return stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
  return stack.cookieFor('taro');
}

interface Row {
  route: string;
  /** Builds the request for a caller (the target differs for "another’s" and "protected"). */
  request: (caller: Caller) => { path: string; init?: RequestInit };
  expected: Record<Caller, number>;
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const same = (status: number, overrides: Partial<Record<Caller, number>> = {}): Record<Caller, number> => ({
  'signed out': 401,
  user: status,
  'user on another’s resource': status,
  'help desk': status,
  'help desk on a protected user': status,
  ...overrides,
});
const agentsOnly = (agent: number, protectedUser = 403) =>
  same(403, { 'help desk': agent, 'help desk on a protected user': protectedUser });
const helpTarget = (caller: Caller) => (caller === 'help desk on a protected user' ? 'suzuki' : 'taro');

const rows: Row[] = [
  { route: 'GET /api/me', request: () => ({ path: '/api/me' }), expected: same(200) },
  { route: 'GET /api/me/access-keys', request: () => ({ path: '/api/me/access-keys' }), expected: same(200) },
  {
    route: 'PATCH /api/me/access-keys/:id',
    request: (c) => ({
      path: `/api/me/access-keys/${c === 'user on another’s resource' ? ids.hanakoKey : c === 'help desk on a protected user' ? ids.suzukiKey : ids.taroKey}`,
      init: json('PATCH', { status: 'Active' }),
    }),
    // The help desk's own self-service acts on sato; taro's key is not his.
    expected: same(404, { user: 200 }),
  },
  {
    route: 'DELETE /api/me/access-keys/:id',
    request: (c) => ({ path: `/api/me/access-keys/${c === 'user' ? ids.taroKey : ids.hanakoKey}`, init: { method: 'DELETE' } }),
    // taro's own key is active, so even he may not delete it yet.
    expected: same(404, { user: 409 }),
  },
  { route: 'GET /api/me/console-password', request: () => ({ path: '/api/me/console-password' }), expected: same(200) },
  {
    route: 'PUT /api/me/console-password',
    request: () => ({ path: '/api/me/console-password', init: json('PUT', { newPassword: 'weak' }) }),
    expected: same(400),
  },
  { route: 'GET /api/me/mfa-devices', request: () => ({ path: '/api/me/mfa-devices' }), expected: same(200) },
  {
    route: 'POST /api/me/mfa-devices',
    request: () => ({ path: '/api/me/mfa-devices', init: json('POST', { name: 'Matrix phone' }) }),
    // Everyone signed in sets up their own; the next set-up cancels it.
    expected: same(201),
  },
  {
    route: 'PUT /api/me/mfa-devices/:name',
    // Someone else's device (or none): not found, whoever asks.
    request: () => ({ path: '/api/me/mfa-devices/hanako-abcd1234', init: json('PUT', { code1: '123456', code2: '234567' }) }),
    expected: same(404),
  },
  {
    route: 'DELETE /api/me/mfa-devices/:name',
    request: () => ({ path: '/api/me/mfa-devices/hanako-abcd1234', init: { method: 'DELETE' } }),
    expected: same(404),
  },
  {
    route: 'POST /api/me/mfa-devices/:name/resync',
    request: () => ({ path: '/api/me/mfa-devices/hanako-abcd1234/resync', init: json('POST', { code1: '123456', code2: '234567' }) }),
    expected: same(404),
  },
  { route: 'GET /api/me/activity', request: () => ({ path: '/api/me/activity' }), expected: same(200) },
  { route: 'GET /api/me/recent-sign-in', request: () => ({ path: '/api/me/recent-sign-in' }), expected: same(200) },
  { route: 'GET /api/me/guided-session', request: () => ({ path: '/api/me/guided-session' }), expected: same(200) },
  { route: 'POST /api/me/helpdesk-code', request: () => ({ path: '/api/me/helpdesk-code', init: { method: 'POST' } }), expected: same(201) },
  { route: 'GET /api/me/helpdesk-code', request: () => ({ path: '/api/me/helpdesk-code' }), expected: same(200) },
  { route: 'GET /api/helpdesk/users', request: () => ({ path: '/api/helpdesk/users?q=a' }), expected: agentsOnly(200, 200) },
  {
    route: 'GET /api/helpdesk/users/:name',
    request: (c) => ({ path: `/api/helpdesk/users/${helpTarget(c)}` }),
    expected: agentsOnly(200),
  },
  {
    route: 'POST /api/helpdesk/users/:name/cases',
    request: (c) => ({
      path: `/api/helpdesk/users/${helpTarget(c)}/cases`,
      init: json('POST', { ticket: 'INC-9', otherMethod: 'called back on the number in the directory' }),
    }),
    expected: agentsOnly(201),
  },
  {
    route: 'GET /api/helpdesk/users/:name/cases/:id',
    request: (c) => ({ path: `/api/helpdesk/users/${helpTarget(c)}/cases/${NO_SUCH_SESSION}` }),
    expected: agentsOnly(409, 409),
  },
  {
    route: 'POST /api/helpdesk/users/:name/cases/:id/approval',
    request: (c) => ({ path: `/api/helpdesk/users/${helpTarget(c)}/cases/${NO_SUCH_SESSION}/approval`, init: { method: 'POST' } }),
    expected: agentsOnly(409),
  },
  { route: 'GET /api/helpdesk/approvals', request: () => ({ path: '/api/helpdesk/approvals' }), expected: agentsOnly(200, 200) },
  {
    route: 'DELETE /api/helpdesk/users/:name/cases/:id',
    request: (c) => ({ path: `/api/helpdesk/users/${helpTarget(c)}/cases/${NO_SUCH_SESSION}`, init: { method: 'DELETE' } }),
    expected: agentsOnly(409),
  },
  {
    route: 'POST /api/helpdesk/users/:name/actions',
    request: (c) => ({
      path: `/api/helpdesk/users/${helpTarget(c)}/actions`,
      init: json('POST', { caseId: NO_SUCH_SESSION, action: 'deactivate-all-keys' }),
    }),
    expected: agentsOnly(409),
  },
  {
    route: 'POST /api/helpdesk/guided-sessions',
    request: (c) => ({
      path: '/api/helpdesk/guided-sessions',
      init: json('POST', { userName: helpTarget(c), caseId: NO_SUCH_SESSION, steps: ['rotate-access-key'] }),
    }),
    expected: agentsOnly(409),
  },
  {
    route: 'GET /api/helpdesk/guided-sessions/:id',
    request: () => ({ path: `/api/helpdesk/guided-sessions/${NO_SUCH_SESSION}` }),
    expected: agentsOnly(404, 404),
  },
  {
    route: 'DELETE /api/helpdesk/guided-sessions/:id',
    request: () => ({ path: `/api/helpdesk/guided-sessions/${NO_SUCH_SESSION}`, init: { method: 'DELETE' } }),
    expected: agentsOnly(404, 404),
  },
  { route: 'GET /api/helpdesk/audit', request: () => ({ path: '/api/helpdesk/audit' }), expected: agentsOnly(200, 200) },
  { route: 'GET /api/me/notification-settings', request: () => ({ path: '/api/me/notification-settings' }), expected: same(200) },
  {
    route: 'PUT /api/me/notification-settings',
    request: () => ({ path: '/api/me/notification-settings', init: json('PUT', { reminders: true }) }),
    expected: same(200),
  },
  // No session needed or used: only a token signed for that person turns their reminders off.
  {
    route: 'POST /api/notifications/unsubscribe',
    request: () => ({ path: `/api/notifications/unsubscribe?u=taro&t=${'A'.repeat(43)}`, init: { method: 'POST' } }),
    expected: same(403, { 'signed out': 403 }),
  },
  // Probes for load balancers: public, and say nothing about anyone.
  { route: 'GET /api/health', request: () => ({ path: '/api/health' }), expected: same(200, { 'signed out': 200 }) },
  { route: 'GET /api/health/ready', request: () => ({ path: '/api/health/ready' }), expected: same(200, { 'signed out': 200 }) },
  { route: 'POST /api/session/end', request: () => ({ path: '/api/session/end', init: { method: 'POST' } }), expected: same(200) },
];

describe.each(rows)('$route', (row) => {
  it.each(callers)('%s', async (caller) => {
    const { path, init = {} } = row.request(caller);
    const cookie = await cookieOf(caller);
    const before = await iamSnapshot();
    const res = await stack.call(null, path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    expect(res.status).toBe(row.expected[caller]);
    if (res.status >= 400) {
      const problem = await res.json();
      expect(problem.code).toEqual(expect.any(String));
      expect(await iamSnapshot()).toBe(before);
    }
  });
});
