import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { GetLoginProfileCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/tests/support/free-port.mjs';
import { waitFor } from '@/tests/support/instances';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';
import { startPostgres } from '@/tests/support/postgres.mjs';

/**
 * PostgreSQL that is not there: at start-up Kagi refuses to start and says why, naming
 * DATABASE_URL without its password; while serving, it answers 503 with Retry-After and
 * changes nothing in IAM that it could not record first. This file has a server of its own,
 * so that stopping it disturbs no other test.
 */
let server: Awaited<ReturnType<typeof startPostgres>>;
let stack: PortalStack;

beforeAll(async () => {
  server = await startPostgres();
  stack = await startPortalStack({ databaseUrl: await server.createDatabase() });
});
afterAll(async () => {
  await stack?.stop();
  await server?.stop();
});

const nextBin = path.resolve('node_modules/next/dist/bin/next');

/** Starts `next start` with this DATABASE_URL and returns how it ended and what it said. */
async function startWith(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      // Random: production refuses the secrets this repository publishes (lib/config.ts).
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
      // Start-up needs neither the identity provider nor IAM.
      OIDC_ISSUER: 'http://127.0.0.1:9',
      OIDC_CLIENT_ID: 'kagi',
      OIDC_CLIENT_SECRET: 'unused',
      // A production setting (no stand-in declared): / would be refused before the database is tried.
      IAM_USER_PATH_PREFIX: '/staff/',
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

describe('at start-up', () => {
  it('an unreachable database stops start-up with a message naming DATABASE_URL, without the password', async () => {
    const closed = await freePort();
    const { code, output } = await startWith(`postgres://kagi:hunter2-not-shown@127.0.0.1:${closed}/kagi`);
    expect(code).toBe(1);
    expect(output).toContain(`DATABASE_URL: cannot reach the database at postgres://kagi:***@127.0.0.1:${closed}/kagi`);
    expect(output).toContain('ECONNREFUSED');
    expect(output).not.toContain('hunter2-not-shown');
  });

  it('a database that refuses (no such database) stops start-up with the reason', async () => {
    const { code, output } = await startWith(`postgres://kagi@127.0.0.1:${server.port}/no_such_db`);
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL: the database at');
    expect(output).toContain('"no_such_db" does not exist');
  });

  it('sslmode=require against a server without TLS stops start-up rather than talk in the clear', async () => {
    const { code, output } = await startWith(`postgres://kagi@127.0.0.1:${server.port}/postgres?sslmode=require`);
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL:');
    expect(output).toMatch(/does not support SSL/i);
  });
});

describe('while serving', () => {
  const create = () => stack.call('taro', '/api/me/access-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const keysInIam = async () => (await stack.admin.send(new ListAccessKeysCommand({ UserName: 'taro' }))).AccessKeyMetadata ?? [];

  it('answers 503 database-unavailable with Retry-After, and calls IAM for no change it could not record', async () => {
    await server.pause();
    try {
      const creates = stack.iam.requestCount('CreateAccessKey');
      const passwords = stack.iam.requestCount('UpdateLoginProfile');
      const before = await keysInIam();

      const created = await create();
      expect(created.status).toBe(503);
      expect(created.headers.get('retry-after')).toBe('5');
      expect(created.headers.get('content-type')).toContain('application/problem+json');
      expect((await created.json()).code).toBe('database-unavailable');

      const password = await stack.call('taro', '/api/me/console-password', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ newPassword: 'Outage-Test-Passw0rd!' }),
      });
      expect(password.status).toBe(503);
      expect((await password.json()).code).toBe('database-unavailable');

      const activity = await stack.call('taro', '/api/me/activity');
      expect(activity.status).toBe(503);

      expect(stack.iam.requestCount('CreateAccessKey')).toBe(creates);
      expect(stack.iam.requestCount('UpdateLoginProfile')).toBe(passwords);
      expect(await keysInIam()).toEqual(before);
      expect((await stack.admin.send(new GetLoginProfileCommand({ UserName: 'taro' }))).LoginProfile).toBeDefined();
    } finally {
      await server.resume();
    }
    // Back again: the pool reconnects by itself.
    await waitFor(async () => (await create()).status === 201, 20_000, 'a key creation to work again');
  });

  it('readiness says the database is unreachable (IAM still ok) while it is away, and ok once it is back', async () => {
    const ready = () => stack.call(null, '/api/health/ready');
    await server.pause();
    try {
      const res = await ready();
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'not-ready', checks: { server: 'ok', database: 'unreachable', iam: 'ok' } });
      // Liveness is the process only: restarting it would not bring the database back.
      expect((await stack.call(null, '/api/health')).status).toBe(200);
    } finally {
      await server.resume();
    }
    await waitFor(async () => (await ready()).status === 200, 20_000, 'readiness to be 200 again');
  });

  /**
   * A key creation whose pending entry is written, then IAM takes 1.5 s, and the database goes
   * away meanwhile (it stays paused: the caller resumes it). taro starts with no key.
   */
  async function createWhileTheDatabaseGoesAway(): Promise<{ accessKeyId: string; secretAccessKey: string }> {
    for (const key of await keysInIam()) {
      await stack.call('taro', `/api/me/access-keys/${key.AccessKeyId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"Inactive"}' });
      await stack.call('taro', `/api/me/access-keys/${key.AccessKeyId}`, { method: 'DELETE' });
    }
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'delay', delayMs: 1_500 });
    const answer = create();
    await new Promise((r) => setTimeout(r, 500));
    await server.pause();
    const res = await answer;
    expect(res.status).toBe(201);
    return res.json();
  }

  it('a key made while the database went away is still shown, and its outcome is written once it is back', async () => {
    const { accessKeyId, secretAccessKey } = await createWhileTheDatabaseGoesAway();
    expect(secretAccessKey).toBeTruthy();
    await server.resume();
    await waitFor(
      async () => {
        const row = await stack.db.selectFrom('audit_entries').select(['outcome', 'access_key_id']).where('access_key_id', '=', accessKeyId).executeTakeFirst();
        return row?.outcome === 'ok';
      },
      30_000,
      'the outcome to be written',
    );
  });

  it('an outcome still waiting for the database is written before a SIGTERM exit, not left pending', async () => {
    const { accessKeyId } = await createWhileTheDatabaseGoesAway();
    // Away long enough that the background retry is next due seconds from now (500 ms, 1 s, 2 s…).
    await new Promise((r) => setTimeout(r, 3_000));
    await server.resume();
    const { code, ms } = await stack.instances[0]!.terminate();
    expect(code).toBe(143);
    expect(ms).toBeLessThan(10_000);
    const row = await stack.db.selectFrom('audit_entries').select(['outcome']).where('access_key_id', '=', accessKeyId).executeTakeFirst();
    expect(row?.outcome).toBe('ok');
    await stack.instances[0]!.start();
  });
});
