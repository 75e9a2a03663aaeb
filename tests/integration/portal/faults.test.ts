import { DeleteAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * IAM failing in the ways it really does (throttling, 5xx, slow, dropped connections), with
 * the portal in between: retries where safe, plain answers where not, never a key too many,
 * and exactly one audit entry per attempted change.
 */
let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function keysOf(userName: string): Promise<string[]> {
  const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
  return AccessKeyMetadata.map((k) => k.AccessKeyId!);
}

async function auditRows(action: string): Promise<Array<Record<string, unknown>>> {
  return stack.db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('id').execute();
}

const create = () =>
  stack.call('taro', '/api/me/access-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

beforeEach(async () => {
  stack.iam.clearFaults();
  for (const id of await keysOf('taro')) await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: id }));
});

describe('reads', () => {
  it('retry throttling with backoff and succeed', async () => {
    stack.iam.injectFault({ action: 'ListAccessKeys', count: 2, fault: 'Throttling' });
    const before = stack.iam.requestCount('ListAccessKeys');
    const res = await stack.call('taro', '/api/me/access-keys');
    expect(res.status).toBe(200);
    expect(stack.iam.requestCount('ListAccessKeys') - before).toBe(3);
  });

  it('answer 503 iam-throttled with Retry-After when IAM keeps throttling', async () => {
    stack.iam.injectFault({ action: 'ListAccessKeys', count: 10, fault: 'Throttling' });
    const res = await stack.call('taro', '/api/me/access-keys');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const problem = await res.json();
    expect(problem.code).toBe('iam-throttled');
    expect(JSON.stringify(problem)).not.toMatch(/Rate exceeded|Throttling/);
  });

  it('answer 502 iam-unavailable, not a raw 500, when IAM keeps failing', async () => {
    stack.iam.injectFault({ action: 'ListAccessKeys', count: 10, fault: 'ServiceFailure' });
    const res = await stack.call('taro', '/api/me/access-keys');
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('iam-unavailable');
  });
});

describe('creating a key', () => {
  it('when the answer is lost after IAM made the key: the orphan is deleted, one key results, one audit entry', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'drop-after' });
    const auditBefore = (await auditRows('access-key.create')).length;
    const res = await create();
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(await keysOf('taro')).toEqual([created.accessKeyId]);
    const rows = (await auditRows('access-key.create'));
    expect(rows.length - auditBefore).toBe(1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'ok', access_key_id: created.accessKeyId });
  });

  it('when the connection drops before IAM acted: retried once, one key', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'drop' });
    const res = await create();
    expect(res.status).toBe(201);
    expect(await keysOf('taro')).toEqual([(await res.json()).accessKeyId]);
  });

  it('when IAM fails twice: 502, no key, and the attempt audited with its outcome', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 2, fault: 'drop-after' });
    const res = await create();
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('iam-unavailable');
    expect(await keysOf('taro')).toEqual([]);
    expect((await auditRows('access-key.create')).at(-1)).toMatchObject({ outcome: 'iam-unavailable' });
  });

  it('is not retried when throttled (IAM made nothing): 503 with Retry-After', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'Throttling' });
    const before = stack.iam.requestCount('CreateAccessKey');
    const res = await create();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(stack.iam.requestCount('CreateAccessKey') - before).toBe(1);
    expect(await keysOf('taro')).toEqual([]);
    expect((await auditRows('access-key.create')).at(-1)).toMatchObject({ outcome: 'iam-throttled' });
  });

  it('survives a slow IAM', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'delay', delayMs: 1500 });
    const started = Date.now();
    const res = await create();
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(await keysOf('taro')).toHaveLength(1);
  });
});

describe('changing a key', () => {
  const patch = (accessKeyId: string, status: string) =>
    stack.call('taro', `/api/me/access-keys/${accessKeyId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status }),
    });

  it('a deactivation hit by a dropped connection or a 5xx is retried (it is idempotent): done, audited once', async () => {
    const created = await (await create()).json();
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 1, fault: 'drop' });
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 1, fault: 'ServiceFailure' });
    const sent = stack.iam.requestCount('UpdateAccessKey');
    const res = await patch(created.accessKeyId, 'Inactive');
    expect(res.status).toBe(200);
    expect(stack.iam.requestCount('UpdateAccessKey') - sent).toBe(3);
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: 'taro' }));
    expect(AccessKeyMetadata[0]?.Status).toBe('Inactive');
    const rows = (await auditRows('access-key.deactivate')).filter((r) => r.access_key_id === created.accessKeyId);
    expect(rows.map((r) => r.outcome)).toEqual(['ok']);
  });

  it('a deactivation IAM keeps failing is answered plainly and audited once with its outcome', async () => {
    const created = await (await create()).json();
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 3, fault: 'ServiceFailure' });
    const res = await patch(created.accessKeyId, 'Inactive');
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('iam-unavailable');
    const rows = (await auditRows('access-key.deactivate')).filter((r) => r.access_key_id === created.accessKeyId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'iam-unavailable' });
  });

  it('a deletion whose answer is lost after IAM deleted the key: the retry finds it gone, which is success', async () => {
    const created = await (await create()).json();
    expect((await patch(created.accessKeyId, 'Inactive')).status).toBe(200);
    stack.iam.injectFault({ action: 'DeleteAccessKey', count: 1, fault: 'drop-after' });
    const res = await stack.call('taro', `/api/me/access-keys/${created.accessKeyId}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await keysOf('taro')).toEqual([]);
    const rows = (await auditRows('access-key.delete')).filter((r) => r.access_key_id === created.accessKeyId);
    expect(rows.map((r) => r.outcome)).toEqual(['ok']);
  });

  it('IAM busy (EntityTemporarilyUnmodifiable) becomes 409 iam-busy', async () => {
    const created = await (await create()).json();
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 1, fault: 'EntityTemporarilyUnmodifiable' });
    const res = await patch(created.accessKeyId, 'Inactive');
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('iam-busy');
  });
});
