import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand, ListUserTagsCommand, TagUserCommand, UntagUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Key names, stored as the AWS console stores them (an IAM user tag keyed by the access key
 * ID), and the rate limit's answers. IAM's state is read back through the SDK.
 */
let stack: PortalStack;

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

async function tagsOf(userName: string) {
  const { Tags = [] } = await stack.admin.send(new ListUserTagsCommand({ UserName: userName }));
  return Tags.map((t) => ({ Key: t.Key!, Value: t.Value! }));
}

async function reset(userName: string) {
  for (const key of await keysOf(userName)) await stack.admin.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.id }));
  const keys = (await tagsOf(userName)).map((t) => t.Key);
  if (keys.length > 0) await stack.admin.send(new UntagUserCommand({ UserName: userName, TagKeys: keys }));
}

async function auditOf(actor: string) {
  return stack.db.selectFrom('audit_entries').selectAll().where('actor', '=', actor).orderBy('id').execute();
}

const send = (method: string, body?: unknown): RequestInit =>
  body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };

beforeEach(async () => {
  stack.iam.clearFaults();
  await reset('taro');
  await reset('hanako');
});

describe('naming a key at creation', () => {
  it('stores the name as a tag keyed by the new key’s ID, lists it, and audits one access-key.create', async () => {
    const before = (await auditOf('taro')).length;
    const res = await stack.call('taro', '/api/me/access-keys', send('POST', { description: '  ノートパソコンのバックアップ  ' }));
    expect(res.status).toBe(201);
    const key = await res.json();
    expect(key).toMatchObject({ description: 'ノートパソコンのバックアップ', status: 'Active' });
    expect(key.descriptionError).toBeUndefined();
    expect(await tagsOf('taro')).toEqual([{ Key: key.accessKeyId, Value: 'ノートパソコンのバックアップ' }]);

    const list = await (await stack.call('taro', '/api/me/access-keys')).json();
    expect(list.keys).toEqual([expect.objectContaining({ accessKeyId: key.accessKeyId, description: 'ノートパソコンのバックアップ' })]);

    const entries = (await auditOf('taro')).slice(before);
    expect(entries.map((e) => [e.action, e.access_key_id, e.outcome])).toEqual([['access-key.create', key.accessKeyId, 'ok']]);
  });

  it('without a name makes no tag', async () => {
    const res = await stack.call('taro', '/api/me/access-keys', send('POST', {}));
    expect(res.status).toBe(201);
    expect((await res.json()).description).toBeNull();
    expect(await tagsOf('taro')).toEqual([]);
  });

  it.each([
    ['characters IAM refuses in a tag', 'laptop (home)'],
    ['more than 256 characters', 'a'.repeat(257)],
    ['not a string', 42],
  ])('refuses %s with 400 invalid-input, and makes no key', async (_what, description) => {
    const res = await stack.call('taro', '/api/me/access-keys', send('POST', { description }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await res.json()).code).toBe('invalid-input');
    expect(await keysOf('taro')).toEqual([]);
    expect(await tagsOf('taro')).toEqual([]);
  });

  it('refuses a name with a bidi override or a zero-width character (400 invalid-input, hidden-characters), creating and renaming alike', async () => {
    for (const description of ['backup\u202etxt.exe', 'back\u200bup', '\u2066laptop\u2069', 'lap\u2060top']) {
      const res = await stack.call('taro', '/api/me/access-keys', send('POST', { description }));
      expect(res.status, JSON.stringify(description)).toBe(400);
      const problem = await res.json();
      expect(problem.code).toBe('invalid-input');
      // The first reason is the one the page shows (IAM's character rule may follow).
      expect(problem.errors[0]).toEqual(expect.objectContaining({ where: 'body', path: 'description', message: 'hidden-characters' }));
    }
    expect(await keysOf('taro')).toEqual([]);
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    const res = await stack.call('taro', `/api/me/access-keys/${AccessKey!.AccessKeyId}`, send('PATCH', { description: 'backup\u202etxt.exe' }));
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0]).toEqual(expect.objectContaining({ message: 'hidden-characters' }));
    expect(await tagsOf('taro')).toEqual([]);
  });

  it('accepts the longest name IAM does (256 characters)', async () => {
    const res = await stack.call('taro', '/api/me/access-keys', send('POST', { description: 'あ'.repeat(256) }));
    expect(res.status).toBe(201);
    expect((await tagsOf('taro'))[0]?.Value).toBe('あ'.repeat(256));
  });

  it('still answers the new key and its secret when IAM refuses the name, saying so', async () => {
    stack.iam.injectFault({ action: 'TagUser', count: 5, fault: 'ServiceUnavailable' });
    const res = await stack.call('taro', '/api/me/access-keys', send('POST', { description: 'backup' }));
    expect(res.status).toBe(201);
    const key = await res.json();
    expect(key.secretAccessKey).toEqual(expect.any(String));
    expect(key).toMatchObject({ description: null, descriptionError: 'iam-unavailable' });
    expect((await keysOf('taro')).map((k) => k.id)).toEqual([key.accessKeyId]);
    expect(await tagsOf('taro')).toEqual([]);
    expect((await auditOf('taro')).at(-1)).toMatchObject({ action: 'access-key.create', access_key_id: key.accessKeyId, outcome: 'ok' });
  });
});

describe('PATCH /api/me/access-keys/:id { description }', () => {
  async function newKey(userName: string): Promise<string> {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));
    return AccessKey!.AccessKeyId!;
  }

  it('renames a key (tag replaced), removes the name with "", each audited as access-key.rename', async () => {
    const id = await newKey('taro');
    let res = await stack.call('taro', `/api/me/access-keys/${id}`, send('PATCH', { description: 'backup on my laptop' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accessKeyId: id, description: 'backup on my laptop', status: 'Active' });
    res = await stack.call('taro', `/api/me/access-keys/${id}`, send('PATCH', { description: 'sales spreadsheet' }));
    expect(res.status).toBe(200);
    expect(await tagsOf('taro')).toEqual([{ Key: id, Value: 'sales spreadsheet' }]);

    res = await stack.call('taro', `/api/me/access-keys/${id}`, send('PATCH', { description: '   ' }));
    expect(res.status).toBe(200);
    expect((await res.json()).description).toBeNull();
    expect(await tagsOf('taro')).toEqual([]);

    const renames = (await auditOf('taro')).filter((e) => e.action === 'access-key.rename');
    expect(renames.map((e) => [e.access_key_id, e.outcome])).toEqual([
      [id, 'ok'],
      [id, 'ok'],
      [id, 'ok'],
    ]);
  });

  it('leaves other tags of the user alone', async () => {
    const id = await newKey('taro');
    await stack.admin.send(new TagUserCommand({ UserName: 'taro', Tags: [{ Key: 'team', Value: 'sales' }] }));
    await stack.call('taro', `/api/me/access-keys/${id}`, send('PATCH', { description: 'backup' }));
    await stack.call('taro', `/api/me/access-keys/${id}`, send('PATCH', { description: '' }));
    expect(await tagsOf('taro')).toEqual([{ Key: 'team', Value: 'sales' }]);
    const list = await (await stack.call('taro', '/api/me/access-keys')).json();
    expect(list.keys[0].description).toBeNull();
  });

  it('answers 404 for another person’s key and tags nobody', async () => {
    const hanakos = await newKey('hanako');
    const res = await stack.call('taro', `/api/me/access-keys/${hanakos}`, send('PATCH', { description: 'mine now' }));
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('not-found');
    expect(await tagsOf('taro')).toEqual([]);
    expect(await tagsOf('hanako')).toEqual([]);
    expect((await auditOf('taro')).at(-1)).toMatchObject({ action: 'access-key.rename', access_key_id: hanakos, outcome: 'not-found' });
  });

  it('refuses a body with both a status and a name, or a bad name, changing nothing', async () => {
    const id = await newKey('taro');
    for (const body of [{ status: 'Inactive', description: 'x' }, { description: 'a/b\\c' }, { description: 'x'.repeat(300) }]) {
      const res = await stack.call('taro', `/api/me/access-keys/${id}`, send('PATCH', body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).code).toBe('invalid-input');
    }
    expect(await tagsOf('taro')).toEqual([]);
    expect(await keysOf('taro')).toEqual([{ id, status: 'Active' }]);
  });

  it('deleting a key removes its name too', async () => {
    const id = await newKey('taro');
    await stack.call('taro', `/api/me/access-keys/${id}`, send('PATCH', { description: 'old laptop' }));
    await stack.call('taro', `/api/me/access-keys/${id}`, send('PATCH', { status: 'Inactive' }));
    const res = await stack.call('taro', `/api/me/access-keys/${id}`, send('DELETE'));
    expect(res.status).toBe(204);
    expect(await keysOf('taro')).toEqual([]);
    expect(await tagsOf('taro')).toEqual([]);
  });
});

describe('names on the help desk’s side, and the help-desk code’s state', () => {
  const agent = (path: string, init: RequestInit = {}) => stack.cookieFor('sato', { roles: ['user', 'helpdesk'] }).then((cookie) =>
    stack.call(null, path, { ...init, headers: { cookie, ...(init.headers as Record<string, string>) } }));

  it('the overview shows each key’s name; a key the help desk deletes loses its name too; the person’s code then reads as used', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const id = AccessKey!.AccessKeyId!;
    await stack.call('hanako', `/api/me/access-keys/${id}`, send('PATCH', { description: 'old scanner' }));
    await stack.call('hanako', `/api/me/access-keys/${id}`, send('PATCH', { status: 'Inactive' }));

    const overview = await (await agent('/api/helpdesk/users/hanako')).json();
    expect(overview.accessKeys).toEqual([expect.objectContaining({ accessKeyId: id, description: 'old scanner' })]);

    // hanako shows a code: it works, nobody has used it.
    const issued = await (await stack.call('hanako', '/api/me/helpdesk-code', send('POST'))).json();
    let state = await (await stack.call('hanako', '/api/me/helpdesk-code')).json();
    expect(state).toEqual({ current: { issuedAt: issued.issuedAt, expiresAt: issued.expiresAt }, lastUse: null });
    expect(JSON.stringify(state)).not.toContain(issued.code);

    const opened = await agent('/api/helpdesk/users/hanako/cases', send('POST', { ticket: 'INC-NAMES-1', code: issued.code }));
    expect(opened.status).toBe(201);
    const caseId = (await opened.json()).id;
    state = await (await stack.call('hanako', '/api/me/helpdesk-code')).json();
    expect(state.current).toBeNull();
    expect(state.lastUse).toEqual({ at: expect.any(String), agentName: expect.stringContaining('sato') });
    expect(state.lastUse.at >= issued.issuedAt).toBe(true);

    const res = await agent('/api/helpdesk/users/hanako/actions', send('POST', { caseId, action: 'delete-key', accessKeyId: id }));
    expect(res.status).toBe(200);
    expect(await keysOf('hanako')).toEqual([]);
    expect(await tagsOf('hanako')).toEqual([]);
  });
});

describe('rate limit answers', () => {
  it('counts only attempts that may have made a key: refusals and failures do not use it up', async () => {
    // Two keys already (a stale tab's view): every creation is refused by IAM's quota.
    await newKeys('hanako', 2);
    for (let i = 0; i < 12; i++) {
      const res = await stack.call('hanako', '/api/me/access-keys', send('POST', {}));
      expect(res.status).toBe(409);
    }
    // AWS busy: failures do not count either.
    await reset('hanako');
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 3, fault: 'Throttling' });
    for (let i = 0; i < 3; i++) expect((await stack.call('hanako', '/api/me/access-keys', send('POST', {}))).status).toBe(503);
    // The person can still make a key: 15 attempts, none of them made one.
    const res = await stack.call('hanako', '/api/me/access-keys', send('POST', {}));
    expect(res.status).toBe(201);
  });

  it('a refused creation says when the next is possible: retryAfter in seconds and Retry-After', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await stack.call('mori', '/api/me/access-keys', send('POST', {}));
      expect(res.status).toBe(201);
      const { accessKeyId } = await res.json();
      await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'mori', AccessKeyId: accessKeyId }));
    }
    const res = await stack.call('mori', '/api/me/access-keys', send('POST', {}));
    expect(res.status).toBe(429);
    const problem = await res.json();
    expect(problem.code).toBe('rate-limited');
    // The oldest of the ten leaves the hour first: a little under an hour from now.
    expect(problem.retryAfter).toBeGreaterThan(3500);
    expect(problem.retryAfter).toBeLessThanOrEqual(3600);
    expect(res.headers.get('retry-after')).toBe(String(problem.retryAfter));
    expect(await keysOf('mori')).toEqual([]);
  });

  it('stops a loop of failing attempts too, after 30 in an hour', async () => {
    // sato's own count: nobody else here creates keys as sato.
    await reset('sato');
    await newKeys('sato', 2);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await stack.call('sato', '/api/me/access-keys', send('POST', {}))).status);
    expect(statuses.slice(0, 30).every((s) => s === 409)).toBe(true);
    expect(statuses[30]).toBe(429);
    await reset('sato');
  });
});

async function newKeys(userName: string, count: number) {
  for (let i = 0; i < count; i++) await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));
}
