import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@/tests/support/instances';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * /api/health/ready: 200 when the database and IAM answer, 503 problem+json `not-ready`
 * naming what does not, quickly enough for a load balancer's probe. /api/health, the
 * liveness check, stays 200 throughout. (The database going away: multi-instance/database-outage.)
 */
let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});
beforeEach(() => {
  stack.iam.clearFaults();
});

const ready = () => stack.call(null, '/api/health/ready');

describe('GET /api/health/ready', () => {
  it('is 200 with every check ok, signed out, never cached', async () => {
    const res = await ready();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^no-store/);
    expect(await res.json()).toEqual({ ok: true, checks: { server: 'ok', database: 'ok', iam: 'ok' }, notifications: 'off' });
  });

  it.each([
    ['IAM failing (503)', 'ServiceUnavailable', 'unreachable'],
    ['IAM failing (500)', 'ServiceFailure', 'unreachable'],
    ['the connection to IAM dropped', 'drop', 'unreachable'],
    ['IAM throttling', 'Throttling', 'throttled'],
  ])('is 503 not-ready naming IAM when %s, while /api/health stays 200', async (_, fault, iam) => {
    const calls = stack.iam.requestCount('GetAccountPasswordPolicy');
    stack.iam.injectFault({ action: 'GetAccountPasswordPolicy', count: 5, fault });
    const res = await ready();
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 503, code: 'not-ready', checks: { server: 'ok', database: 'ok', iam } });
    // One call, no retries: a probe must answer before the load balancer gives up on it.
    expect(stack.iam.requestCount('GetAccountPasswordPolicy') - calls).toBe(1);
    expect(JSON.stringify(problem)).not.toMatch(/ServiceUnavailable|ServiceFailure|Rate exceeded|arn:/);
    expect((await stack.call(null, '/api/health')).status).toBe(200);
  });

  it('gives up on an IAM that does not answer within seconds, and asks it nothing more until that call ends', async () => {
    const calls = stack.iam.requestCount('GetAccountPasswordPolicy');
    stack.iam.injectFault({ action: 'GetAccountPasswordPolicy', count: 1, fault: 'delay', delayMs: 6_000 });
    const started = Date.now();
    const res = await ready();
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(res.status).toBe(503);
    expect((await res.json()).checks).toEqual({ server: 'ok', database: 'ok', iam: 'unreachable' });
    // A probe while that call is still out waits for it too (one call in flight per instance).
    expect((await ready()).status).toBe(503);
    expect(stack.iam.requestCount('GetAccountPasswordPolicy') - calls).toBe(1);
    // Once it has been answered, the next probe asks again.
    await waitFor(async () => (await ready()).status === 200, 10_000, 'readiness to be 200 once the slow call ended');
  });

  it('is 200 again once IAM answers', async () => {
    stack.iam.injectFault({ action: 'GetAccountPasswordPolicy', count: 1, fault: 'ServiceUnavailable' });
    expect((await ready()).status).toBe(503);
    expect((await ready()).status).toBe(200);
  });
});

describe('GET /api/health/ready with the default IAM cache (READINESS_IAM_CACHE_SECONDS unset: 5 s)', () => {
  let cached: PortalStack;
  beforeAll(async () => {
    // '' counts as unset: the default applies (the harness sets 0 for the tests above).
    cached = await startPortalStack({ portalEnv: { READINESS_IAM_CACHE_SECONDS: '' } });
  });
  afterAll(async () => {
    await cached?.stop();
  });

  it('20 concurrent probes cost IAM at most one call; within 5 s the answer is reused, after them IAM is asked again', async () => {
    const calls = () => cached.iam.requestCount('GetAccountPasswordPolicy');
    const probe = () => cached.call(null, '/api/health/ready');
    const before = calls();
    const answers = await Promise.all(Array.from({ length: 20 }, probe));
    const answeredAt = Date.now();
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(calls() - before).toBe(1);

    // Within the 5 s, a fault IAM would answer is not seen: nobody asked.
    cached.iam.injectFault({ action: 'GetAccountPasswordPolicy', count: 1, fault: 'ServiceUnavailable' });
    for (let i = 0; i < 5; i++) expect((await probe()).status).toBe(200);
    expect(Date.now() - answeredAt).toBeLessThan(5_000);
    expect(calls() - before).toBe(1);

    // After them, the next probe asks IAM again (and sees the fault), once.
    await new Promise((resolve) => setTimeout(resolve, 5_200 - (Date.now() - answeredAt)));
    const again = await Promise.all(Array.from({ length: 5 }, probe));
    expect(again.map((r) => r.status)).toEqual(Array(5).fill(503));
    expect((await again[0]!.json()).checks).toEqual({ server: 'ok', database: 'ok', iam: 'unreachable' });
    expect(calls() - before).toBe(2);
  });
});
