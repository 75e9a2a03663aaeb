import fs from 'node:fs';
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

let stack: PortalStack;
/** Every secret the tests saw; none may appear in logs or the database. */
const secretsSeen: string[] = [];

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function keysOf(userName: string) {
  const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
  return AccessKeyMetadata.map((k) => ({ id: k.AccessKeyId!, status: k.Status! }));
}

async function clearKeys(userName: string) {
  for (const key of await keysOf(userName)) {
    await stack.admin.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.id }));
  }
}

async function auditRows(): Promise<Array<Record<string, unknown>>> {
  return stack.db.selectFrom('audit_entries').selectAll().orderBy('id').execute();
}

const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });
function post(body: unknown = {}): RequestInit {
  const { body: text, ...headers } = json(body);
  return { method: 'POST', headers, body: text };
}
function patch(body: unknown): RequestInit {
  const { body: text, ...headers } = json(body);
  return { method: 'PATCH', headers, body: text };
}

beforeEach(async () => {
  await clearKeys('taro');
  await clearKeys('hanako');
});

describe('GET /api/me/access-keys', () => {
  it('lists the person’s own keys with age, last use and rotation state', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const res = await stack.call('taro', '/api/me/access-keys');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^no-store\b/);
    const body = await res.json();
    expect(body.quota).toBe(2);
    expect(body.keys).toEqual([
      expect.objectContaining({ accessKeyId: AccessKey!.AccessKeyId, status: 'Active', ageDays: 0, lastUsed: null, rotation: 'ok' }),
    ]);
  });

  it('costs IAM one ListAccessKeys and one GetAccessKeyLastUsed per key, no more', async () => {
    await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const before = { list: stack.iam.requestCount('ListAccessKeys'), used: stack.iam.requestCount('GetAccessKeyLastUsed') };
    expect((await stack.call('taro', '/api/me/access-keys')).status).toBe(200);
    expect(stack.iam.requestCount('ListAccessKeys') - before.list).toBe(1);
    expect(stack.iam.requestCount('GetAccessKeyLastUsed') - before.used).toBe(2);
  });

  it('answers 401 when signed out and 403 no-iam-user for a sign-in with no IAM user', async () => {
    expect((await stack.call(null, '/api/me/access-keys')).status).toBe(401);
    const cookie = await stack.cookieFor('nobody', { iamUserName: null });
    const res = await stack.call(null, '/api/me/access-keys', { headers: { cookie } });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('no-iam-user');
  });
});

describe('POST /api/me/access-keys', () => {
  it('creates a key in IAM, returns the secret once with no-store, and audits it without the secret', async () => {
    const res = await stack.call('taro', '/api/me/access-keys', post());
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toMatch(/^no-store\b/);
    const created = await res.json();
    expect(created.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(created.secretAccessKey).toHaveLength(40);
    secretsSeen.push(created.secretAccessKey);
    expect(await keysOf('taro')).toEqual([{ id: created.accessKeyId, status: 'Active' }]);

    const row = (await auditRows()).at(-1)!;
    expect(row).toMatchObject({ actor: 'taro', subject: 'taro', action: 'access-key.create', outcome: 'ok' });
    expect(row.request_id).toEqual(expect.any(String));
  });

  it('accepts no body at all', async () => {
    const res = await stack.call('taro', '/api/me/access-keys', { method: 'POST' });
    expect(res.status).toBe(201);
    secretsSeen.push((await res.json()).secretAccessKey);
  });

  it('answers 409 access-key-quota when IAM refuses a third key (the race the page cannot prevent)', async () => {
    await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const res = await stack.call('taro', '/api/me/access-keys', post());
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem.code).toBe('access-key-quota');
    expect(JSON.stringify(problem)).not.toContain('AccessKeysPerUser');
    expect((await keysOf('taro')).length).toBe(2);
    expect((await auditRows()).at(-1)).toMatchObject({ action: 'access-key.create', outcome: 'access-key-quota' });
  });

  it('refuses a cross-origin POST with 403 and creates nothing', async () => {
    const res = await stack.call('taro', '/api/me/access-keys', { ...post(), headers: { ...json({}), origin: 'https://evil.example' } } as RequestInit);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('cross-origin');
    expect(await keysOf('taro')).toEqual([]);
  });

  it.each([
    ['unknown fields', { userName: 'hanako' }],
    ['not an object', [1, 2]],
  ])('refuses a body with %s: 400 invalid-input, nothing created', async (_label, body) => {
    const res = await stack.call('taro', '/api/me/access-keys', post(body));
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('invalid-input');
    expect(await keysOf('taro')).toEqual([]);
    expect(await keysOf('hanako')).toEqual([]);
  });

  it('refuses malformed JSON and wrong content types with 400 invalid-input', async () => {
    for (const init of [
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' },
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' },
    ]) {
      const res = await stack.call('taro', '/api/me/access-keys', init);
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe('invalid-input');
    }
    expect(await keysOf('taro')).toEqual([]);
  });
});

describe('PATCH /api/me/access-keys/:id', () => {
  it('deactivates and reactivates the person’s own key, audited each time', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const id = AccessKey!.AccessKeyId!;
    let res = await stack.call('taro', `/api/me/access-keys/${id}`, patch({ status: 'Inactive' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accessKeyId: id, status: 'Inactive' });
    expect(await keysOf('taro')).toEqual([{ id, status: 'Inactive' }]);
    res = await stack.call('taro', `/api/me/access-keys/${id}`, patch({ status: 'Active' }));
    expect(res.status).toBe(200);
    expect(await keysOf('taro')).toEqual([{ id, status: 'Active' }]);
    expect((await auditRows()).slice(-2).map((r) => [r.action, r.access_key_id, r.outcome])).toEqual([
      ['access-key.deactivate', id, 'ok'],
      ['access-key.activate', id, 'ok'],
    ]);
  });

  it('answers 404 for another person’s key and changes nothing', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const id = AccessKey!.AccessKeyId!;
    const res = await stack.call('taro', `/api/me/access-keys/${id}`, patch({ status: 'Inactive' }));
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('not-found');
    expect(await keysOf('hanako')).toEqual([{ id, status: 'Active' }]);
  });

  it.each([
    ['a malformed key ID', 'not-a-key!', { status: 'Inactive' }],
    ['a too-short key ID', 'AKIA123', { status: 'Inactive' }],
    ['a wrong status value', null, { status: 'Disabled' }],
    ['a lower-case status', null, { status: 'inactive' }],
    ['unknown fields', null, { status: 'Inactive', userName: 'hanako' }],
    ['a missing status', null, {}],
  ])('refuses %s with 400 invalid-input and changes nothing', async (_label, badId, body) => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const id = badId ?? AccessKey!.AccessKeyId!;
    const res = await stack.call('taro', `/api/me/access-keys/${encodeURIComponent(id)}`, patch(body));
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('invalid-input');
    expect(await keysOf('taro')).toEqual([{ id: AccessKey!.AccessKeyId!, status: 'Active' }]);
  });
});

describe('DELETE /api/me/access-keys/:id', () => {
  it('refuses to delete an active key (409 access-key-active), deletes an inactive one (204)', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const id = AccessKey!.AccessKeyId!;
    let res = await stack.call('taro', `/api/me/access-keys/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('access-key-active');
    expect(await keysOf('taro')).toHaveLength(1);

    await stack.admin.send(new UpdateAccessKeyCommand({ UserName: 'taro', AccessKeyId: id, Status: 'Inactive' }));
    res = await stack.call('taro', `/api/me/access-keys/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await keysOf('taro')).toEqual([]);
    expect((await auditRows()).at(-1)).toMatchObject({ action: 'access-key.delete', access_key_id: id, outcome: 'ok' });
  });

  it('answers 404 for another person’s key and deletes nothing', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const id = AccessKey!.AccessKeyId!;
    await stack.admin.send(new UpdateAccessKeyCommand({ UserName: 'hanako', AccessKeyId: id, Status: 'Inactive' }));
    const res = await stack.call('taro', `/api/me/access-keys/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(await keysOf('hanako')).toEqual([{ id, status: 'Inactive' }]);
  });

  it('refuses a DELETE from another origin', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const id = AccessKey!.AccessKeyId!;
    await stack.admin.send(new UpdateAccessKeyCommand({ UserName: 'taro', AccessKeyId: id, Status: 'Inactive' }));
    const res = await stack.call('taro', `/api/me/access-keys/${id}`, { method: 'DELETE', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await keysOf('taro')).toHaveLength(1);
  });
});

describe('GET /api/me/activity', () => {
  it('shows the person’s own entries, newest first, and nobody else’s', async () => {
    const created = await (await stack.call('hanako', '/api/me/access-keys', post())).json();
    secretsSeen.push(created.secretAccessKey);
    const res = await stack.call('hanako', '/api/me/activity');
    expect(res.status).toBe(200);
    const { entries } = await res.json();
    expect(entries[0]).toMatchObject({ action: 'access-key.create', accessKeyId: created.accessKeyId, outcome: 'ok', byOther: false });
    expect(entries.every((e: { actorName: string }) => e.actorName.startsWith('hanako'))).toBe(true);
  });

  it('refuses unknown query parameters', async () => {
    const res = await stack.call('taro', '/api/me/activity?person=hanako');
    expect(res.status).toBe(400);
  });
});

describe('rate limit', () => {
  it('allows 10 key creations an hour, then answers 429 rate-limited with Retry-After', async () => {
    // sato's own count: the other tests created keys as taro and hanako.
    let created = 0;
    for (let i = 0; i < 10; i++) {
      const res = await stack.call('sato', '/api/me/access-keys', post());
      expect(res.status).toBe(201);
      const key = await res.json();
      secretsSeen.push(key.secretAccessKey);
      created++;
      await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'sato', AccessKeyId: key.accessKeyId }));
    }
    expect(created).toBe(10);
    const res = await stack.call('sato', '/api/me/access-keys', post());
    expect(res.status).toBe(429);
    const problem = await res.json();
    expect(problem.code).toBe('rate-limited');
    // When the first of the ten leaves the hour: a little under an hour from now.
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(res.headers.get('retry-after')).toBe(String(problem.retryAfter));
    expect(await keysOf('sato')).toEqual([]);
    expect((await auditRows()).at(-1)).toMatchObject({ actor: 'sato', outcome: 'rate-limited' });
  });
});

describe('secrets', () => {
  it('never appear in the portal’s output or in the audit database', async () => {
    expect(secretsSeen.length).toBeGreaterThan(5);
    const log = fs.readFileSync(stack.logFile, 'utf8');
    const stored = await stack.storedText();
    expect(stored).toContain('access-key.create');
    for (const secret of secretsSeen) {
      expect(log).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});
