import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

  it('gives up on an IAM that does not answer within seconds', async () => {
    stack.iam.injectFault({ action: 'GetAccountPasswordPolicy', count: 1, fault: 'delay', delayMs: 8_000 });
    const started = Date.now();
    const res = await ready();
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(res.status).toBe(503);
    expect((await res.json()).checks).toEqual({ server: 'ok', database: 'ok', iam: 'unreachable' });
  });

  it('is 200 again once IAM answers', async () => {
    stack.iam.injectFault({ action: 'GetAccountPasswordPolicy', count: 1, fault: 'ServiceUnavailable' });
    expect((await ready()).status).toBe(503);
    expect((await ready()).status).toBe(200);
  });
});
