import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoadUsers, runLoad } from '@/tests/support/load.mjs';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * SIGTERM, as an orchestrator or `docker stop` sends it, in the middle of a load: the portal
 * stops taking connections, finishes the requests in flight with their audit entries, closes
 * its database and exits well within 10 s, even though the load's clients keep their
 * keep-alive connections busy.
 */
let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function auditCounts() {
  const rows = await stack.db.selectFrom('audit_entries').select(['outcome']).execute();
  return { rows: rows.length, pending: rows.filter((r) => r.outcome === 'pending').length };
}

describe('SIGTERM under load', () => {
  it('leaves no audit entry pending and no request answered 5xx, and exits within 10 s', async () => {
    const users = await createLoadUsers(stack.admin, 12, 'term');
    const [slowUser] = await createLoadUsers(stack.admin, 1, 'termslow');
    const before = await auditCounts();
    const logBefore = fs.readFileSync(stack.logFile, 'utf8').length;

    // Long enough that, were keep-alive connections not closed, the load alone would hold the
    // process open for more than 10 s after the signal.
    const load = runLoad({ origin: stack.origin, secret: stack.secret, users, durationMs: 14_000 });
    await sleep(2_500);
    // Key creations now take 1.5 s in IAM, so some are surely in flight at the signal.
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 50, fault: 'delay', delayMs: 1_500 });
    const slow = stack.call(slowUser!, '/api/me/access-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await sleep(500);

    const { code, ms } = await stack.instances[0]!.terminate();
    stack.iam.clearFaults();
    console.log(`SIGTERM to exit: ${ms} ms`);
    expect(code).toBe(143);
    expect(ms).toBeLessThan(10_000);

    // The creation in flight at the signal was answered, with its secret, and recorded as done.
    const created = await slow;
    expect(created.status).toBe(201);
    const { accessKeyId } = await created.json();
    const entry = await stack.db.selectFrom('audit_entries').select(['outcome']).where('access_key_id', '=', accessKeyId).executeTakeFirst();
    expect(entry?.outcome).toBe('ok');

    // Read at once, before any other instance could have resolved anything.
    const after = await auditCounts();
    expect(after.pending).toBe(before.pending);

    const result = await load;
    expect(result.samples.filter((s) => s.status >= 500)).toEqual([]);
    // Every answered change has its entry; a request refused at the door (network error) made none.
    const answeredChanges = result.samples.filter((s) => !s.route.startsWith('GET')).length;
    expect(after.rows - before.rows - 1).toBeGreaterThanOrEqual(answeredChanges);
    expect(after.rows - before.rows - 1).toBeLessThanOrEqual(result.mutations);
    expect(result.networkErrors).toBeGreaterThan(0);

    const log = fs.readFileSync(stack.logFile, 'utf8').slice(logBefore);
    expect(log).toMatch(/"type":"shutdown","signal":"SIGTERM","msg":"no new connections/);
    expect(log).toMatch(/"type":"shutdown","signal":"SIGTERM","afterMs":\d+,"msg":"stopped"/);
    expect(log).not.toContain('still not stopped');
    console.log(log.match(/"signal":"SIGTERM","afterMs":\d+,"msg":"stopped"/)?.[0]);

    // And it starts again on the same store.
    await stack.instances[0]!.start();
    expect((await stack.call(users[0]!, '/api/me/access-keys')).status).toBe(200);
  }, 60_000);
});
