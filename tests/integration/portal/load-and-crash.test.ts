import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';
import { createLoadUsers, runLoad } from '@/tests/support/load.mjs';
import { instanceIdOf, waitFor } from '@/tests/support/instances';

/**
 * The short form of `npm run bench:load`: many people at once, then the same with the portal
 * killed (SIGKILL) in the middle. Figures come from the benchmark; this checks the promises.
 */
let stack: PortalStack;

beforeAll(async () => {
  // On PostgreSQL a killed instance is taken for dead after six missed heartbeats: 6 s here.
  stack = await startPortalStack({ heartbeatSeconds: 1 });
});
afterAll(async () => {
  await stack?.stop();
});

async function audit() {
  const db = stack.db;
  const count = async (pendingOnly: boolean) =>
    Number(
      (
        await db
          .selectFrom('audit_entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .$if(pendingOnly, (q) => q.where('outcome', '=', 'pending'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    // PostgreSQL keeps itself consistent through a crash; SQLite's file is checked.
    integrity: stack.store === 'sqlite' ? (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows[0]?.integrity_check : 'ok',
    rows: await count(false),
    pending: await count(true),
    createdKeys: new Set(
      (await db.selectFrom('audit_entries').select('access_key_id').where('action', '=', 'access-key.create').where('access_key_id', 'is not', null).execute()).map(
        (r) => r.access_key_id,
      ),
    ),
  };
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
    const before = (await audit()).rows;
    const result = await runLoad({ origin: stack.origin, secret: stack.secret, users, durationMs: 5_000 });
    expect(result.networkErrors).toBe(0);
    expect(result.samples.filter((s) => s.status >= 500)).toEqual([]);
    expect(result.mutations).toBeGreaterThan(20);
    expect((await audit()).rows - before).toBe(result.mutations);
  });

  it('survives SIGKILL mid-load: the audit store opens intact and every key in IAM has its creation logged', async () => {
    const users = await createLoadUsers(stack.admin, 12, 'crash');
    const load = runLoad({ origin: stack.origin, secret: stack.secret, users, durationMs: 6_000 });
    await new Promise((r) => setTimeout(r, 2_500));
    await stack.crashAndRestartPortal();
    const result = await load;
    // Requests in flight at the kill fail at the network level; none may be a 5xx answer.
    expect(result.samples.filter((s) => s.status >= 500)).toEqual([]);

    // The restarted instance resolves what the killed one left (on PostgreSQL once it is taken for dead).
    await waitFor(async () => (await audit()).pending === 0, 30_000);
    const after = await audit();
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
    // The crash window: IAM made the key, the instance died before writing the outcome.
    const instanceId = await instanceIdOf(stack, 0);
    const pendingEntry = (action: 'access-key.create' | 'access-key.deactivate') =>
      stack.db
        .insertInto('audit_entries')
        .values({ at: new Date().toISOString(), request_id: 'crashed', actor: userName!, actor_name: userName!, subject: userName!, action, outcome: 'pending', instance_id: instanceId })
        .returning('id')
        .executeTakeFirstOrThrow();
    const createId = (await pendingEntry('access-key.create')).id;
    const toggleId = (await pendingEntry('access-key.deactivate')).id;
    const { CreateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: userName }));

    await stack.crashAndRestartPortal();

    const resolved = () => stack.db.selectFrom('audit_entries').select(['id', 'outcome', 'access_key_id']).where('id', 'in', [createId, toggleId]).orderBy('id').execute();
    await waitFor(async () => (await resolved()).every((r) => r.outcome !== 'pending'), 30_000);
    const rows = (await resolved()).map((r) => ({ ...r, id: Number(r.id) }));
    expect(rows).toEqual([
      { id: Number(createId), outcome: 'ok', access_key_id: AccessKey!.AccessKeyId },
      { id: Number(toggleId), outcome: 'interrupted', access_key_id: null },
    ]);
  });
});
