import crypto from 'node:crypto';
import fs from 'node:fs';
import { CreateLoginProfileCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/tests/support/instances';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Structured logs: one JSON line per API request and one per audit entry, with the fields an
 * organisation's log platform needs, and nothing it must never see.
 */
let stack: PortalStack;
const userName = `log${crypto.randomBytes(3).toString('hex')}`;
const password = `Kagi-${crypto.randomBytes(6).toString('hex')}-Aa1!`;
let secret = '';
let accessKeyId = '';

beforeAll(async () => {
  stack = await startPortalStack();
  await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
  await stack.admin.send(new CreateLoginProfileCommand({ UserName: userName, Password: `Old-${password}`, PasswordResetRequired: true }));
  const created = await stack.call(userName, '/api/me/access-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  ({ accessKeyId, secretAccessKey: secret } = await created.json());
  await stack.call(userName, `/api/me/access-keys/${accessKeyId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"Inactive"}' });
  await stack.call(userName, '/api/me/console-password', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ newPassword: password }) });
  await stack.call(userName, '/api/me/access-keys/AKIAEXAMPLEEXAMPLE00', { method: 'DELETE' });
  // The last line may reach the file a moment after its answer reached us.
  await waitFor(async () => jsonLines().filter((l) => l.type === 'request' && l.person === userName).length >= 4, 5_000, 'the last request line');
});
afterAll(async () => {
  await stack?.stop();
});

type Line = Record<string, unknown>;
function jsonLines(): Line[] {
  return fs
    .readFileSync(stack.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

describe('the portal’s log', () => {
  it('has one request line per API request: method, route pattern, status, duration, request ID and person', () => {
    const mine = jsonLines().filter((l) => l.type === 'request' && l.person === userName);
    expect(mine.map((l) => `${l.method} ${l.route} ${l.status}`)).toEqual([
      'POST /api/me/access-keys 201',
      'PATCH /api/me/access-keys/:accessKeyId 200',
      'PUT /api/me/console-password 204',
      'DELETE /api/me/access-keys/:accessKeyId 404',
    ]);
    for (const line of mine) {
      expect(Object.keys(line).sort()).toEqual(['durationMs', 'level', 'method', 'msg', 'person', 'requestId', 'route', 'service', 'status', 'time', 'type']);
      expect(line).toMatchObject({ level: 'info', service: 'kagi' });
      expect(typeof line.durationMs).toBe('number');
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('has one audit line per finished entry, tied to its request', () => {
    const requests = jsonLines().filter((l) => l.type === 'request' && l.person === userName);
    const audits = jsonLines().filter((l) => l.type === 'audit' && l.subject === userName);
    expect(audits.map((l) => `${l.action} ${l.outcome}`)).toEqual(['access-key.create ok', 'access-key.deactivate ok', 'console-password.set ok', 'access-key.delete not-found']);
    expect(audits[0]).toMatchObject({ actor: userName, accessKeyId, ticket: null, requestId: requests[0]!.requestId });
    expect(Object.keys(audits[0]!).sort()).toEqual(['accessKeyId', 'accountId', 'action', 'actor', 'auditId', 'level', 'msg', 'outcome', 'requestId', 'service', 'subject', 'ticket', 'time', 'type']);
  });

  it('never holds the secret, the password, the session cookie or a request body', async () => {
    const text = fs.readFileSync(stack.logFile, 'utf8');
    expect(secret).toMatch(/.{40}/);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(password);
    expect(text).not.toContain('next-auth.session-token');
    expect(text).not.toContain('newPassword');
  });
});

describe('next-auth’s client log endpoint (POST /api/auth/_log)', () => {
  it('is refused (404 problem+json) and writes nothing to the log, whatever a page posts to it', async () => {
    const marker = `FORGED_${crypto.randomBytes(6).toString('hex')}`;
    const forged = { code: `${marker}${'x'.repeat(15_000)}`, level: 'error', message: `${marker} admin password reset for everyone` };
    const bodies: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) },
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(forged).toString() },
      // As a page on another site would send it (no same-origin check can be relied on for a log endpoint).
      { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: JSON.stringify(forged) },
    ];
    for (const init of bodies) {
      const res = await stack.call(null, '/api/auth/_log', init);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 404, code: 'not-found' });
    }
    expect((await stack.call(null, '/api/auth/_log')).status).toBe(404);
    // Give a line the time to reach the file, then look: a request after it shows up, this never.
    await stack.call(userName, '/api/me/access-keys');
    await waitFor(async () => jsonLines().some((l) => l.type === 'request' && l.person === userName && l.method === 'GET'), 5_000, 'the later request line');
    expect(fs.readFileSync(stack.logFile, 'utf8')).not.toContain(marker);
    // next-auth's own endpoints still work.
    expect((await stack.call(null, '/api/auth/csrf')).status).toBe(200);
  });
});
