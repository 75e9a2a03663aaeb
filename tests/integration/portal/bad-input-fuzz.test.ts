import fc from 'fast-check';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Thousands of malformed requests against every route: odd bodies, paths, IDs, headers and
 * encodings. None may get a 5xx, crash the portal, or change anything in IAM.
 */
let stack: PortalStack;
let userCookie: string;
let agentCookie: string;

beforeAll(async () => {
  stack = await startPortalStack();
  // A person with both keys used up and a console password, so no malformed request could
  // create a key by accident, and a changed password would show.
  await stack.admin.send(new CreateUserCommand({ UserName: 'fuzz', Path: '/staff/' }));
  await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'fuzz' }));
  await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'fuzz' }));
  await stack.admin.send(new CreateLoginProfileCommand({ UserName: 'fuzz', Password: 'Fuzz-Initial-Password-1!' }));
  userCookie = await stack.cookieFor('fuzz');
  agentCookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

async function iamState(): Promise<string> {
  const out: unknown[] = [];
  for (const userName of ['fuzz', 'taro', 'hanako']) {
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
    const profile = await stack.admin
      .send(new GetLoginProfileCommand({ UserName: userName }))
      .then((r) => `${r.LoginProfile?.PasswordResetRequired}`)
      .catch(() => 'none');
    out.push(userName, AccessKeyMetadata.map((k) => `${k.AccessKeyId}:${k.Status}`), profile);
  }
  return JSON.stringify(out);
}

const ROUTES: Array<{ method: string; path: (segment: string) => string }> = [
  { method: 'GET', path: () => '/api/me' },
  { method: 'GET', path: (s) => `/api/me/access-keys?${s}` },
  { method: 'POST', path: () => '/api/me/access-keys' },
  { method: 'PATCH', path: (s) => `/api/me/access-keys/${s}` },
  { method: 'DELETE', path: (s) => `/api/me/access-keys/${s}` },
  { method: 'PUT', path: () => '/api/me/console-password' },
  { method: 'GET', path: (s) => `/api/me/mfa-devices?${s}` },
  { method: 'POST', path: () => '/api/me/mfa-devices' },
  { method: 'PUT', path: (s) => `/api/me/mfa-devices/${s}` },
  { method: 'DELETE', path: (s) => `/api/me/mfa-devices/${s}` },
  { method: 'POST', path: (s) => `/api/me/mfa-devices/${s}/resync` },
  { method: 'GET', path: (s) => `/api/me/activity?${s}` },
  { method: 'POST', path: () => '/api/me/helpdesk-code' },
  { method: 'GET', path: () => '/api/me/helpdesk-code' },
  { method: 'PUT', path: () => '/api/me/notification-settings' },
  { method: 'POST', path: (s) => `/api/notifications/unsubscribe?u=${s}&t=${s}` },
  { method: 'GET', path: (s) => `/api/helpdesk/users?q=${s}` },
  { method: 'GET', path: (s) => `/api/helpdesk/users/${s}` },
  { method: 'POST', path: (s) => `/api/helpdesk/users/${s}/cases` },
  { method: 'GET', path: (s) => `/api/helpdesk/users/${s}/cases/${s}` },
  { method: 'DELETE', path: (s) => `/api/helpdesk/users/${s}/cases/${s}` },
  { method: 'POST', path: (s) => `/api/helpdesk/users/${s}/cases/${s}/approval` },
  { method: 'GET', path: () => '/api/helpdesk/approvals' },
  { method: 'POST', path: (s) => `/api/helpdesk/users/${s}/actions` },
  { method: 'POST', path: () => '/api/helpdesk/guided-sessions' },
  { method: 'GET', path: (s) => `/api/helpdesk/guided-sessions/${s}` },
  { method: 'DELETE', path: (s) => `/api/helpdesk/guided-sessions/${s}` },
  { method: 'GET', path: (s) => `/api/helpdesk/audit?${s}` },
];

/** Path segments and query strings: odd characters, encodings, traversal, very long. */
const segment = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('..%2F..%2Fetc', '%00', '%ZZ', 'AKIA%20', '😀', 'a'.repeat(300), 'taro', 'suzuki', 'q=1&q=2', 'limit=-1', 'format=xml'),
);

/** Bodies: any JSON value, JSON-ish garbage, or bytes that are not UTF-8. */
const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ newPassword: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), extra: fc.option(fc.string()) }).map((v) => JSON.stringify(v)),
  fc.record({ status: fc.string(), ticket: fc.string(), code: fc.string(), action: fc.string(), caseId: fc.string() }).map((v) => JSON.stringify(v)),
  fc.record({ name: fc.oneof(fc.string(), fc.integer()), code1: fc.string(), code2: fc.stringMatching(/^\d{6}$/) }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.constant(''),
  fc.constant('{"a":'.repeat(500)),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '',
);

describe('malformed requests', () => {
  it('never answer 5xx and change nothing in IAM (2000 requests)', async () => {
    const before = await iamState();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        segment,
        body,
        contentType,
        fc.boolean(),
        async (route, seg, text, type, asAgent) => {
          const headers: Record<string, string> = { cookie: asAgent ? agentCookie : userCookie };
          if (type) headers['content-type'] = type;
          const init: RequestInit = { method: route.method, headers };
          if (route.method !== 'GET') init.body = text;
          const res = await stack.call(null, route.path(seg), init);
          const answer = await res.text();
          expect(res.status, `${route.method} ${route.path(seg)} ${type} ${text.slice(0, 80)}`).toBeLessThan(500);
          if (res.status >= 400) expect(JSON.parse(answer).code).toEqual(expect.any(String));
        },
      ),
      {
        // KAGI_FUZZ_RUNS=50000 for a longer hunt; CI runs 2000 with a fresh seed each time.
        numRuns: Number(process.env.KAGI_FUZZ_RUNS ?? 2000),
        // Found by CI: "/users/./cases" normalises to "/users/cases", a GET-only route, whose
        // POST got Next's empty 405 instead of problem+json.
        examples: [[ROUTES.find((r) => r.method === 'POST' && r.path('x').endsWith('/cases'))!, '.', '{}', 'application/json', true]],
      },
    );
    expect(await iamState()).toBe(before);
    // And the portal is still fine.
    expect((await stack.call('fuzz', '/api/me/access-keys')).status).toBe(200);
  }, Number(process.env.KAGI_FUZZ_RUNS ?? 2000) * 150);

  it('a method a route does not take gets 405 problem+json naming the ones it does', async () => {
    const allowed: Record<string, string[]> = {
      '/api/me': ['GET'],
      '/api/me/access-keys': ['GET', 'POST'],
      '/api/me/access-keys/AKIAEXAMPLEEXAMPLE00': ['PATCH', 'DELETE'],
      '/api/me/console-password': ['GET', 'PUT'],
      '/api/me/mfa-devices': ['GET', 'POST'],
      '/api/me/mfa-devices/taro-abcd1234': ['PUT', 'DELETE'],
      '/api/me/mfa-devices/taro-abcd1234/resync': ['POST'],
      '/api/me/activity': ['GET'],
      '/api/me/helpdesk-code': ['GET', 'POST'],
      '/api/me/guided-session': ['GET'],
      '/api/me/recent-sign-in': ['GET'],
      '/api/me/notification-settings': ['GET', 'PUT'],
      '/api/notifications/unsubscribe': ['POST'],
      '/api/helpdesk/users': ['GET'],
      '/api/helpdesk/users/taro': ['GET'],
      '/api/helpdesk/users/taro/cases': ['POST'],
      '/api/helpdesk/users/taro/cases/00000000-0000-4000-8000-000000000000': ['GET', 'DELETE'],
      '/api/helpdesk/users/taro/cases/00000000-0000-4000-8000-000000000000/approval': ['POST'],
      '/api/helpdesk/approvals': ['GET'],
      '/api/helpdesk/users/taro/actions': ['POST'],
      '/api/helpdesk/guided-sessions': ['POST'],
      '/api/helpdesk/guided-sessions/x': ['GET', 'DELETE'],
      '/api/helpdesk/audit': ['GET'],
      '/api/session/end': ['POST'],
      '/api/health': ['GET'],
      '/api/health/ready': ['GET'],
      '/api/auth/session': ['GET', 'POST'],
    };
    const before = await iamState();
    for (const [path, methods] of Object.entries(allowed)) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methods.includes(m))) {
        const res = await stack.call(null, path, { method, headers: { cookie: agentCookie, origin: stack.origin } });
        const where = `${method} ${path}`;
        expect(res.status, where).toBe(405);
        expect(res.headers.get('content-type'), where).toBe('application/problem+json');
        expect(((await res.json()) as { code: string }).code, where).toBe('method-not-allowed');
        expect(res.headers.get('allow'), where).toBe([...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', '));
      }
    }
    expect(await iamState()).toBe(before);
  });

  it('garbage session cookies and headers are refused plainly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 500 }), fc.constantFrom(...ROUTES), async (cookie, route) => {
        const res = await stack.call(null, route.path('x'), {
          method: route.method,
          headers: { cookie: `next-auth.session-token=${encodeURIComponent(cookie)}`, origin: stack.origin },
        });
        expect([400, 401, 403, 404]).toContain(res.status);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
