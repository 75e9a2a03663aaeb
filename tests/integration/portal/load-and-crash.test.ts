import Database from 'better-sqlite3';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';
import { createLoadUsers, runLoad } from '@/tests/support/load.mjs';

/**
 * The short form of `npm run bench:load`: many people at once, then the same with the portal
 * killed (SIGKILL) in the middle. Figures come from the benchmark; this checks the promises.
 */
let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

function audit() {
  const db = new Database(stack.dbFile, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      rows: (db.prepare('select count(*) n from audit_entries').get() as { n: number }).n,
      pending: (db.prepare("select count(*) n from audit_entries where outcome = 'pending'").get() as { n: number }).n,
      createdKeys: new Set(
        (db.prepare("select access_key_id from audit_entries where action = 'access-key.create' and access_key_id is not null").all() as Array<{ access_key_id: string }>).map(
          (r) => r.access_key_id,
        ),
      ),
    };
  } finally {
    db.close();
  }
}

async function keysInIam(users: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const userName of users) {
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
    ids.push(...AccessKeyMetadata.map((k) => k.AccessKeyId!));
  }
  return ids;
}

describe('under load', () => {
  it('answers every request without a 5xx, with exactly one audit entry per mutation', async () => {
    const users = await createLoadUsers(stack.admin, 12, 'steady');
    const before = audit().rows;
    const result = await runLoad({ origin: stack.origin, secret: stack.secret, users, durationMs: 5_000 });
    expect(result.networkErrors).toBe(0);
    expect(result.samples.filter((s) => s.status >= 500)).toEqual([]);
    expect(result.mutations).toBeGreaterThan(20);
    expect(audit().rows - before).toBe(result.mutations);
  });

  it('survives SIGKILL mid-load: the audit store opens intact and every key in IAM has its creation logged', async () => {
    const users = await createLoadUsers(stack.admin, 12, 'crash');
    const load = runLoad({ origin: stack.origin, secret: stack.secret, users, durationMs: 6_000 });
    await new Promise((r) => setTimeout(r, 2_500));
    await stack.crashAndRestartPortal();
    const result = await load;
    // Requests in flight at the kill fail at the network level; none may be a 5xx answer.
    expect(result.samples.filter((s) => s.status >= 500)).toEqual([]);

    const after = audit();
    expect(after.integrity).toBe('ok');
    expect(after.pending).toBe(0);
    const keys = await keysInIam(users);
    expect(keys.length).toBeGreaterThan(0);
    for (const id of keys) expect(after.createdKeys.has(id), `${id} has no creation entry`).toBe(true);
    // The restarted portal works.
    expect((await stack.call(users[0]!, '/api/me/access-keys')).status).toBe(200);
  });
});

describe('recovery at start-up', () => {
  it('matches a key created just before a crash to its pending entry, and marks the rest interrupted', async () => {
    const [userName] = await createLoadUsers(stack.admin, 1, 'recover');
    // The crash window: IAM made the key, the portal died before writing the outcome.
    const writable = new Database(stack.dbFile);
    const insert = writable.prepare(
      "insert into audit_entries (at, request_id, actor, actor_name, subject, action, outcome) values (?, 'crashed', ?, ?, ?, ?, 'pending')",
    );
    const createId = insert.run(new Date().toISOString(), userName, userName, userName, 'access-key.create').lastInsertRowid;
    const toggleId = insert.run(new Date().toISOString(), userName, userName, userName, 'access-key.deactivate').lastInsertRowid;
    writable.close();
    const { CreateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));

    await stack.crashAndRestartPortal();

    const db = new Database(stack.dbFile, { readonly: true });
    const rows = db.prepare('select id, outcome, access_key_id from audit_entries where id in (?, ?) order by id').all(createId, toggleId);
    db.close();
    expect(rows).toEqual([
      { id: Number(createId), outcome: 'ok', access_key_id: AccessKey!.AccessKeyId },
      { id: Number(toggleId), outcome: 'interrupted', access_key_id: null },
    ]);
  });
});
