import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, provePasswordIs, strong } from '@/tests/support/console-passwords';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

function put(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

describe('GET /api/me/console-password', () => {
  it('reports console sign-in, the reset flag and the account policy in Kagi’s terms', async () => {
    const res = await stack.call('taro', '/api/me/console-password');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      enabled: true,
      resetRequired: false,
      policy: {
        isDefault: false,
        minimumLength: 12,
        requireUppercase: true,
        requireLowercase: true,
        requireNumbers: true,
        requireSymbols: true,
        maxAgeDays: 90,
        reusePrevention: 5,
      },
      symbols: "!@#$%^&*()_+-=[]{}|'",
    });
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
  });

  it('says console sign-in is off for hanako', async () => {
    const body = await (await stack.call('hanako', '/api/me/console-password')).json();
    expect(body).toMatchObject({ enabled: false, createDate: null, expiresAt: null });
  });
});

describe('PUT /api/me/console-password', () => {
  it('sets a new password in IAM, clears the reset flag, and audits it without the password', async () => {
    const person = await newPerson(stack);
    const newPassword = strong();
    const res = await stack.call(person.userName, '/api/me/console-password', put({ newPassword }));
    expect(res.status).toBe(204);
    await provePasswordIs(stack, person.userName, newPassword);
    const status = await (await stack.call(person.userName, '/api/me/console-password')).json();
    expect(status.resetRequired).toBe(false);
    expect(status.lastChangedByKagi).not.toBeNull();
    const activity = await (await stack.call(person.userName, '/api/me/activity')).json();
    expect(activity.entries[0]).toMatchObject({ action: 'console-password.set', outcome: 'ok' });
    expect(JSON.stringify(activity)).not.toContain(newPassword);
  });

  it('refuses a password that breaks the policy with the failed rules, and changes nothing', async () => {
    const person = await newPerson(stack);
    const res = await stack.call(person.userName, '/api/me/console-password', put({ newPassword: 'short1' }));
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.code).toBe('password-policy');
    expect(problem.failedRules).toEqual(expect.arrayContaining(['minimum-length', 'uppercase', 'symbol']));
    expect(problem.failedRules).not.toContain('number');
    await provePasswordIs(stack, person.userName, person.password);
  });

  it('names reuse when IAM refuses a recent password, with the same reason in the audit log', async () => {
    const person = await newPerson(stack);
    const first = strong();
    expect((await stack.call(person.userName, '/api/me/console-password', put({ newPassword: first }))).status).toBe(204);
    const res = await stack.call(person.userName, '/api/me/console-password', put({ newPassword: person.password }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'password-reused', failedRules: ['recently-used'] });
    await provePasswordIs(stack, person.userName, first);
    // The person's activity and the help desk's audit log say the same: the outcome is that code.
    const activity = await (await stack.call(person.userName, '/api/me/activity')).json();
    expect(activity.entries[0]).toMatchObject({ action: 'console-password.set', outcome: 'password-reused' });
  });

  it('answers 401 reauth-required for a sign-in older than 5 minutes, and changes nothing', async () => {
    const person = await newPerson(stack);
    const cookie = await stack.cookieFor(person.userName, { authTime: Math.floor(Date.now() / 1000) - 301 });
    const res = await stack.call(null, '/api/me/console-password', put({ newPassword: strong() }, { cookie }));
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('reauth-required');
    await provePasswordIs(stack, person.userName, person.password);
  });

  it.each([
    ['a missing password', {}],
    ['a password that is not a string', { newPassword: 12345678901234 }],
    ['an empty password', { newPassword: '' }],
    ['a password over 128 characters', { newPassword: `Aa1!${'x'.repeat(125)}` }],
    ['unknown fields', { newPassword: 'Valid-Password-2026!', oldPassword: 'x' }],
    ['an array', ['Valid-Password-2026!']],
  ])('refuses %s with 400 invalid-input and changes nothing', async (_label, body) => {
    const person = await newPerson(stack);
    const res = await stack.call(person.userName, '/api/me/console-password', put(body));
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('invalid-input');
    await provePasswordIs(stack, person.userName, person.password);
  });

  it('answers 404 no-console-password for a person without console sign-in', async () => {
    const res = await stack.call('hanako', '/api/me/console-password', put({ newPassword: strong() }));
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('no-console-password');
  });

  it('refuses a cross-origin PUT', async () => {
    const person = await newPerson(stack);
    const res = await stack.call(person.userName, '/api/me/console-password', put({ newPassword: strong() }, { origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    await provePasswordIs(stack, person.userName, person.password);
  });

  it('allows 5 changes in 15 minutes, then answers 429 rate-limited saying when', async () => {
    const person = await newPerson(stack);
    let current = person.password;
    for (let i = 0; i < 5; i++) {
      current = strong();
      expect((await stack.call(person.userName, '/api/me/console-password', put({ newPassword: current }))).status).toBe(204);
    }
    const res = await stack.call(person.userName, '/api/me/console-password', put({ newPassword: strong() }));
    expect(res.status).toBe(429);
    const problem = await res.json();
    expect(problem.code).toBe('rate-limited');
    expect(problem.retryAfter).toBeGreaterThan(800);
    expect(problem.retryAfter).toBeLessThanOrEqual(900);
    expect(res.headers.get('retry-after')).toBe(String(problem.retryAfter));
    await provePasswordIs(stack, person.userName, current);
  });

  it('does not count refused attempts toward the 5 changes, but stops at 20 attempts whatever they were', async () => {
    const person = await newPerson(stack);
    for (let i = 0; i < 19; i++) {
      const res = await stack.call(person.userName, '/api/me/console-password', put({ newPassword: 'too-weak' }));
      expect(res.status).toBe(400);
    }
    // Nineteen refusals later, a change still goes through...
    const changed = strong();
    expect((await stack.call(person.userName, '/api/me/console-password', put({ newPassword: changed }))).status).toBe(204);
    // ...and that was the twentieth attempt.
    const res = await stack.call(person.userName, '/api/me/console-password', put({ newPassword: strong() }));
    expect(res.status).toBe(429);
    await provePasswordIs(stack, person.userName, changed);
  });
});
