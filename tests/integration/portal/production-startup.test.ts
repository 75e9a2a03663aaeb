import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabaseUrl } from '@/lib/db/connect';
import { freePort } from '@/tests/support/free-port.mjs';

/**
 * `next start` (the last `next build`) as a deployment runs it, NODE_ENV=production, with
 * settings that belong to the local stand-ins: it must refuse to start and say which
 * variable is wrong. With KAGI_LOCAL_STANDIN=true it starts, and it needs neither IAM nor
 * the identity provider to answer.
 */
const nextBin = path.resolve('node_modules/next/dist/bin/next');
let dir: string;
/** Accepts connections and never answers: an IAM that hangs. */
let silentIam: net.Server;
const held: net.Socket[] = [];
/** Every portal started here, so that none outlives a test that timed out. */
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-production-startup-'));
  silentIam = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silentIam.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silentIam?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Started {
  /** The exit code, or 'ready' once /api/health answered 200. */
  result: number | null | 'ready';
  output: string;
  ms: number;
}

async function startWith(settings: Record<string, string>, whileRunning?: () => void | Promise<void>): Promise<Started> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      // Random: production refuses the secrets this repository publishes.
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
      OIDC_CLIENT_ID: 'kagi',
      OIDC_CLIENT_SECRET: 'unused',
      // Never the default credential chain: it could reach for an instance-metadata address.
      AWS_SECRET_ACCESS_KEY: 'not-a-real-secret-0000000000000000000000',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      DATABASE_URL: `file:${path.join(dir, `${port}.db`)}`,
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = (async () => {
    for (let i = 0; i < 150; i++) {
      if (child.exitCode !== null) return;
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return 'ready' as const;
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const result = await Promise.race<number | null | 'ready'>([exited, ready.then((r): Promise<number | null | 'ready'> | 'ready' => r ?? exited)]);
  const ms = Date.now() - started;
  if (result === 'ready') await whileRunning?.();
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await exited;
  }
  return { result, output, ms };
}

describe('next start with NODE_ENV=production', () => {
  it('refuses the local stand-ins\' settings, naming each variable, and exits 1', async () => {
    const iamPort = (silentIam.address() as net.AddressInfo).port;
    const { result, output } = await startWith({
      NEXTAUTH_URL: 'http://kagi.example.com',
      OIDC_ISSUER: 'https://sso.example.com',
      AWS_ENDPOINT_URL_IAM: `http://127.0.0.1:${iamPort}`,
      AWS_ACCESS_KEY_ID: 'AKIAKAGILOCALADMIN00',
      // IAM_USER_PATH_PREFIX left at its default, /
    });
    expect(result).toBe(1);
    expect(output).toContain('Kagi cannot start: its configuration is invalid.');
    expect(output).toContain(`AWS_ENDPOINT_URL_IAM is set (http://127.0.0.1:${iamPort}) in production`);
    expect(output).toContain("AWS_ACCESS_KEY_ID is the local IAM stand-in's admin key (AKIAKAGILOCALADMIN00) in production");
    expect(output).toContain('NEXTAUTH_URL is plain http:// in production');
    expect(output).toContain('IAM_USER_PATH_PREFIX is / in production (its default)');
    // Nothing was served, so nothing reached IAM.
    expect(held).toHaveLength(0);
  });

  it('refuses a weak or published NEXTAUTH_SECRET and PostgreSQL off this machine without sslmode=verify-full, never showing the secret or password', async () => {
    const { result, output } = await startWith({
      NEXTAUTH_URL: 'https://kagi.example.com',
      OIDC_ISSUER: 'https://sso.example.com',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      IAM_USER_PATH_PREFIX: '/staff/',
      NEXTAUTH_SECRET: 'kagi-e2e-only-session-secret-not-for-real-use',
      DATABASE_URL: 'postgres://kagi:hunter2-not-shown@db.example.com:5432/kagi?sslmode=require',
    });
    expect(result).toBe(1);
    expect(output).toContain('NEXTAUTH_SECRET is one of the test or demo secrets published in this repository');
    expect(output).toContain('DATABASE_URL connects to db.example.com with sslmode=require in production');
    expect(output).not.toContain('kagi-e2e-only-session-secret-not-for-real-use');
    expect(output).not.toContain('hunter2-not-shown');

    const weak = await startWith({
      NEXTAUTH_URL: 'https://kagi.example.com',
      OIDC_ISSUER: 'https://sso.example.com',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      IAM_USER_PATH_PREFIX: '/staff/',
      NEXTAUTH_SECRET: 'abcd'.repeat(8),
    });
    expect(weak.result).toBe(1);
    expect(weak.output).toContain('NEXTAUTH_SECRET has only 4 different characters');
  });

  it('refuses a help-desk path outside the users\' path', async () => {
    const { result, output } = await startWith({
      NEXTAUTH_URL: 'https://kagi.example.com',
      OIDC_ISSUER: 'https://sso.example.com',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      IAM_USER_PATH_PREFIX: '/people/',
      HELPDESK_PROTECTED_PATH_PREFIX: '/staff/helpdesk/',
    });
    expect(result).toBe(1);
    expect(output).toContain('HELPDESK_PROTECTED_PATH_PREFIX must lie inside IAM_USER_PATH_PREFIX (/people/)');
  });

  it('with KAGI_LOCAL_STANDIN=true starts, says so, and needs neither IAM nor the identity provider to answer', async () => {
    // A crash's leftover that start-up recovery must ask IAM about: the IAM here never answers.
    const port = `${Date.now()}`;
    const databaseUrl = `file:${path.join(dir, `planted-${port}.db`)}`;
    const { db } = openDatabaseUrl(databaseUrl);
    await migrate(db, 'sqlite');
    const long = new Date(Date.now() - 3_600_000).toISOString();
    await db.insertInto('portal_instances').values({ id: 'crashed', host: 'gone', pid: 1, started_at: long, heartbeat_at: long }).execute();
    await db
      .insertInto('audit_entries')
      .values({ at: long, request_id: 'crashed', actor: 'taro', actor_name: 'taro', subject: 'taro', action: 'access-key.create', outcome: 'pending', instance_id: 'crashed' })
      .execute();
    await db.destroy();

    const iamPort = (silentIam.address() as net.AddressInfo).port;
    const { result, output, ms } = await startWith({
      KAGI_LOCAL_STANDIN: 'true',
      NEXTAUTH_URL: 'http://kagi.example.com',
      OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
      AWS_ENDPOINT_URL_IAM: `http://127.0.0.1:${iamPort}`,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      DATABASE_URL: databaseUrl,
    });
    expect(result, output).toBe('ready');
    expect(output).toContain('KAGI_LOCAL_STANDIN=true');
    // IAM_USER_PATH_PREFIX / makes the protected path /helpdesk/, which deploy/role-policy.json does not deny: said, not refused.
    expect(output).toContain("HELPDESK_PROTECTED_PATH_PREFIX is /helpdesk/, but deploy/role-policy.json's HelpdeskNeverTheProtectedPath denies the help desk users under /staff/helpdesk/");
    // The IAM client waits 10 s for an answer, three times: start-up did not wait for it.
    expect(ms).toBeLessThan(10_000);
  });

  it('keeps its SQLite store readable by its own user only: the file, its -wal and -shm, and a new directory', async () => {
    const storeDir = path.join(dir, 'new-store-dir');
    const file = path.join(storeDir, 'kagi.db');
    const mode = (name: string) => (fs.statSync(name).mode & 0o777).toString(8);
    let seen: Record<string, string> = {};
    const { result, output } = await startWith(
      {
        KAGI_LOCAL_STANDIN: 'true',
        NEXTAUTH_URL: 'http://127.0.0.1:3000',
        OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
        AWS_ENDPOINT_URL_IAM: `http://127.0.0.1:${await freePort()}`,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        DATABASE_URL: `file:${file}`,
      },
      // Start-up has migrated the store and registered this instance: it has written.
      () => {
        seen = { dir: mode(storeDir), db: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) };
      },
    );
    expect(result, output).toBe('ready');
    expect(seen).toEqual({ dir: '700', db: '600', wal: '600', shm: '600' });

    // A store left world-readable (by an earlier version, a killed process) is closed at the next start.
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    fs.chmodSync(`${file}-wal`, 0o644);
    const again = await startWith(
      {
        KAGI_LOCAL_STANDIN: 'true',
        NEXTAUTH_URL: 'http://127.0.0.1:3000',
        OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        IAM_USER_PATH_PREFIX: '/staff/',
        DATABASE_URL: `file:${file}`,
      },
      () => {
        seen = { db: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) };
      },
    );
    expect(again.result, again.output).toBe('ready');
    // /staff/helpdesk/, as deploy/role-policy.json denies: no warning.
    expect(again.output).not.toContain('HELPDESK_PROTECTED_PATH_PREFIX');
    expect(seen).toEqual({ db: '600', wal: '600', shm: '600' });
  });
});

describe('next start of a build with NODE_ENV=test or development', () => {
  it.each(['test', 'development'])('is production too (NODE_ENV=%s): the local stand-ins\' settings are refused without KAGI_LOCAL_STANDIN', async (nodeEnv) => {
    const iamPort = (silentIam.address() as net.AddressInfo).port;
    const standIn = {
      NODE_ENV: nodeEnv,
      NEXTAUTH_URL: 'http://kagi.example.com',
      OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
      AWS_ENDPOINT_URL_IAM: `http://127.0.0.1:${iamPort}`,
      AWS_ACCESS_KEY_ID: 'AKIAKAGILOCALADMIN00',
      NEXTAUTH_SECRET: 'kagi-integration-only-session-secret-0123456789',
      // IAM_USER_PATH_PREFIX left at its default, /
    };
    const reached = held.length;
    const { result, output } = await startWith(standIn);
    expect(result, output).toBe(1);
    expect(output).toContain('Kagi cannot start: its configuration is invalid.');
    expect(output).toContain(`AWS_ENDPOINT_URL_IAM is set (http://127.0.0.1:${iamPort}) in production`);
    expect(output).toContain("AWS_ACCESS_KEY_ID is the local IAM stand-in's admin key (AKIAKAGILOCALADMIN00) in production");
    expect(output).toContain('NEXTAUTH_URL is plain http:// in production');
    expect(output).toContain('IAM_USER_PATH_PREFIX is / in production (its default)');
    expect(output).toContain('NEXTAUTH_SECRET is one of the test or demo secrets published in this repository');
    expect(held).toHaveLength(reached);

    // The documented setting, and only it, lifts the checks.
    const declared = await startWith({ ...standIn, KAGI_LOCAL_STANDIN: 'true' });
    expect(declared.result, declared.output).toBe('ready');
    expect(declared.output).toContain('KAGI_LOCAL_STANDIN=true');
  });
});
