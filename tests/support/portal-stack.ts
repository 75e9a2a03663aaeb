import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Kysely } from 'kysely';
import { encode, type JWT } from 'next-auth/jwt';
import pg from 'pg';
import { inject } from 'vitest';
import { dialectOf, openDatabaseUrl } from '@/lib/db/connect';
import type { KagiDatabase, SqlDialect } from '@/lib/db/schema';
import { startStack } from '@/local/stack.mjs';
import { freePort } from './free-port.mjs';

/**
 * The whole portal (next start, from the last `next build`) with its local IAM endpoint and
 * identity provider, on free ports, for route-level integration tests. Sessions are forged
 * with the stack's known secret; everything else is the production code path.
 *
 * The store is SQLite, or PostgreSQL when the vitest project sets KAGI_TEST_STORE=postgres
 * (a fresh database on the run's server, tests/support/postgres-global-setup.ts). Several
 * instances need PostgreSQL; they share one NEXTAUTH_URL, as behind a load balancer.
 */

export type TestStore = SqlDialect;

export function testStore(): TestStore {
  return process.env.KAGI_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

export interface PortalStackOptions {
  store?: TestStore;
  /** Portal instances on the one database (PostgreSQL); `call` goes to the first. */
  instances?: number;
  /** INSTANCE_HEARTBEAT_SECONDS: 1 lets a test see a dead instance taken over in seconds. */
  heartbeatSeconds?: number;
  /** A database of the test's own (e.g. on a server it stops and starts); implies its dialect. */
  databaseUrl?: string;
  /** The identity provider's accounts instead of the demo ones. */
  idpAccounts?: Parameters<typeof startStack>[0]['idpAccounts'];
  /** More settings for the portal, e.g. IAM_USERNAME_CLAIM. */
  portalEnv?: Record<string, string>;
  /** Role mode: PORTAL_ROLE_ARN, with the role and its policies from deploy/. */
  role?: boolean;
  /** Start the local mail stand-in (local/mail) and turn notifications on (SMTP_URL, MAIL_FROM). */
  mail?: boolean;
  /**
   * 'two': the local IAM endpoint also serves Sandbox (210987654321, local/seed.mjs
   * seedSandbox) and the portal gets KAGI_ACCOUNTS_FILE naming Production and Sandbox.
   */
  accounts?: 'one' | 'two';
}

type StackInstance = Awaited<ReturnType<typeof startStack>>['instances'][number];

const SECRET = 'kagi-integration-only-session-secret-0123456789';

export interface PortalStack {
  origin: string;
  admin: IAMClient;
  /** The local IAM endpoint's handle: fault injection and request counts. */
  iam: Awaited<ReturnType<typeof startStack>>['iam'];
  /** The local mail stand-in, with `mail: true`: what it received, and faults. */
  mail: NonNullable<Awaited<ReturnType<typeof startStack>>['mail']> | undefined;
  /** The portal principal's own access key (to check what its policy allows). */
  portalKey: { accessKeyId: string; secretAccessKey: string };
  /** Role mode: the role the portal assumes. */
  roleArn?: string;
  /** With accounts: 'two': the accounts in KAGI_ACCOUNTS_FILE, and its path. */
  accounts?: Array<{ id: string; name: string; roleArn?: string }>;
  accountsFile?: string;
  /** The session secret, for load generators that sign in many people. */
  secret: string;
  /** SIGKILL the portal, as a crash would, and start it again. */
  crashAndRestartPortal(): Promise<void>;
  /** `npm run reminders` with the portal's settings (one pass, then exit). */
  runReminders(): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** A script under scripts/ with the portal's settings (e.g. `npm run sign-in-link`). */
  runScript(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  logFile: string;
  store: TestStore;
  /** The portal's database, for checking what it recorded (and planting a crash's leftovers). */
  db: Kysely<KagiDatabase>;
  /** Every byte (SQLite: the file and its log) or row (PostgreSQL) the store holds, as text, for leak checks. */
  storedText(): Promise<string>;
  /** The portal instances (at least one). */
  instances: StackInstance[];
  /** fetch against one instance (by index) as a person. */
  callInstance(index: number, iamUserName: string | null, pathname: string, init?: RequestInit): Promise<Response>;
  /** Cookie header for a signed-in person (default: taro, fresh sign-in). */
  cookieFor(iamUserName: string, changes?: Partial<JWT>): Promise<string>;
  /** fetch against the portal as a person; mutations get a same-origin Origin unless overridden. */
  call(iamUserName: string | null, pathname: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startPortalStack(options: PortalStackOptions = {}): Promise<PortalStack> {
  const store = options.databaseUrl ? dialectOf(options.databaseUrl) : (options.store ?? testStore());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-portal-test-'));
  const logFile = path.join(dir, 'portal.log');
  const dbFile = path.join(dir, 'kagi.db');
  const databaseUrl = options.databaseUrl ?? (store === 'postgres' ? await createTestDatabase() : `file:${dbFile}`);
  const ports = [];
  for (let i = 0; i < (options.instances ?? 1); i++) ports.push(await freePort());
  const origin = `http://127.0.0.1:${ports[0]}`;
  const stack = await startStack({
    portalOrigin: origin,
    instancePorts: ports,
    iamPort: 0,
    idpPort: 0,
    databaseUrl,
    build: false,
    nextAuthSecret: SECRET,
    logFile,
    heartbeatSeconds: options.heartbeatSeconds,
    idpAccounts: options.idpAccounts,
    // The other tests open many cases with one agent about a few people; the limits' own test
    // (helpdesk-case-limits.test.ts) runs with the defaults, 20 and 5. Each readiness probe asks
    // IAM, so that a test sees a fault it injected at once (readiness.test.ts checks the default
    // cache on a stack of its own).
    portalEnv: { HELPDESK_CASES_PER_AGENT_HOUR: '10000', HELPDESK_CASES_PER_PERSON_HOUR: '10000', READINESS_IAM_CACHE_SECONDS: '0', ...options.portalEnv },
    role: options.role,
    accounts: options.accounts,
    mail: options.mail ? { smtpPort: 0, webPort: 0 } : undefined,
  });
  const { db } = openDatabaseUrl(databaseUrl, { poolSize: 4 });
  const admin = new IAMClient({
    endpoint: stack.iam.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: stack.iam.adminAccessKeyId, secretAccessKey: stack.iam.adminSecretAccessKey },
  });

  const cookieFor = async (iamUserName: string, changes: Partial<JWT> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await encode({
      secret: SECRET,
      maxAge: 1800,
      token: {
        sub: iamUserName,
        name: `${iamUserName} (test)`,
        email: `${iamUserName}@example.com`,
        iamUserName,
        roles: ['user'],
        authTime: now - 10,
        signedInAt: now,
        // Each cookie its own session, as each real sign-in is: signing one out ends only it.
        sid: crypto.randomUUID(),
        ...changes,
      },
    });
    return `next-auth.session-token=${token}`;
  };

  /** Mutations carry the one origin people use (NEXTAUTH_URL), whichever instance answers. */
  const callAt = async (base: string, iamUserName: string | null, pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (iamUserName && !headers.has('cookie')) headers.set('cookie', await cookieFor(iamUserName));
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && !headers.has('origin')) headers.set('origin', origin);
    return fetch(`${base}${pathname}`, { ...init, headers, redirect: 'manual' });
  };

  return {
    origin,
    admin,
    iam: stack.iam,
    mail: stack.mail,
    portalKey: stack.portalKey,
    roleArn: stack.roleArn,
    accounts: stack.accounts,
    accountsFile: stack.accountsFile,
    secret: SECRET,
    crashAndRestartPortal: () => stack.crashAndRestartPortal(),
    runReminders: () => stack.runReminders(),
    runScript: (script, args) => stack.runScript(script, args) as Promise<{ code: number | null; stdout: string; stderr: string }>,
    logFile,
    store,
    db,
    storedText: () => (store === 'sqlite' ? Promise.resolve(sqliteBytes(dbFile)) : postgresRows(databaseUrl)),
    instances: stack.instances,
    cookieFor,
    call: (iamUserName, pathname, init) => callAt(origin, iamUserName, pathname, init),
    callInstance: (index, iamUserName, pathname, init) => callAt(stack.instances[index]!.url, iamUserName, pathname, init),
    async stop() {
      admin.destroy();
      await db.destroy();
      await stack.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the run's PostgreSQL server, so test files never share data. */
async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('KAGI_TEST_STORE=postgres needs the globalSetup tests/support/postgres-global-setup.ts');
  const name = `kagi_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function sqliteBytes(dbFile: string): string {
  const wal = `${dbFile}-wal`;
  return Buffer.concat([fs.readFileSync(dbFile), fs.existsSync(wal) ? fs.readFileSync(wal) : Buffer.alloc(0)]).toString('latin1');
}

/** Every row of every table in the public schema, as JSON text. */
async function postgresRows(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
    const dumps = [];
    for (const { tablename } of tables.rows) {
      dumps.push(JSON.stringify((await client.query(`select * from "${tablename}"`)).rows));
    }
    return dumps.join('\n');
  } finally {
    await client.end();
  }
}
