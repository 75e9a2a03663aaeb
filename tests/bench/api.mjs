// @ts-check
/**
 * `npm run bench:api`: how much the portal adds on top of IAM for the key list.
 * Drives GET /api/me/access-keys with a signed-in session and, in the same run, the same IAM
 * calls made directly through the SDK (one ListAccessKeys, then one GetAccessKeyLastUsed per
 * key in parallel) against the same local endpoint. Needs a `next build` first.
 * Then two routes that use the store (the activity list, a key switched off and on), where
 * SQLite and PostgreSQL differ, and the help-desk search over --people IAM users (default 3000).
 *   --calls N (default 1000)   --warmup N (default 100)   --people N (default 3000)
 *   --database URL   the portal's store: a postgres:// URL, or `postgres` for a throwaway server
 *                    with a fresh database (default: a temp SQLite file), to compare the two
 *   --accounts N serve N accounts (KAGI_ACCOUNTS_FILE): the key list of a person in one, the search over --people users in each
 *   --role       instead: the key list and a key switched off and on, in base mode and in role
 *                mode (PORTAL_ROLE_ARN, sessions cached) side by side, two stacks measured in
 *                turns so that both see the same machine; goal: role p50 within 10 % of base
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import {
  IAMClient,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { encode } from 'next-auth/jwt';
import { startStack } from '../../local/stack.mjs';
import { freePort } from '../support/free-port.mjs';
import { startPostgres } from '../support/postgres.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '100' },
    people: { type: 'string', default: '3000' },
    database: { type: 'string' },
    role: { type: 'boolean' },
    accounts: { type: 'string', default: '1' },
  },
});
if (values.database !== undefined && values.database !== 'postgres' && !/^postgres(ql)?:\/\/./.test(values.database)) {
  console.error('bench:api: --database takes a postgres:// URL, or `postgres` for a throwaway server.');
  process.exit(2);
}
/** --accounts N: KAGI_ACCOUNTS_FILE with N accounts (Production, Sandbox, then more like it); taro's session has his own account only. */
const accountCount = Number(values.accounts);
const calls = Number(values.calls);
const warmup = Number(values.warmup);
const SECRET = 'kagi-bench-only-session-secret-0123456789abcdef';

/** @param {number[]} samples @param {number} p */
function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** @param {() => Promise<void>} run */
async function measure(run) {
  for (let i = 0; i < warmup; i++) await run();
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

if (values.role) {
  await compareModes();
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-bench-'));
// fsync on, as a production server has it (bench:load does the same).
const server = values.database === 'postgres' ? await startPostgres({ fsync: true }) : undefined;
const databaseUrl = server ? await server.createDatabase() : (values.database ?? `file:${path.join(dir, 'kagi.db')}`);
const origin = `http://127.0.0.1:${await freePort()}`;
const stack = await startStack({
  portalOrigin: origin,
  iamPort: 0,
  idpPort: 0,
  databaseUrl,
  build: false,
  quiet: true,
  nextAuthSecret: SECRET,
  ...(accountCount > 1 ? { accounts: accountCount } : {}),
}).catch(async (error) => {
  await server?.stop();
  throw error;
});
const iam = new IAMClient({
  endpoint: stack.iam.url,
  region: 'us-east-1',
  credentials: { accessKeyId: stack.iam.adminAccessKeyId, secretAccessKey: stack.iam.adminSecretAccessKey },
});
try {
  /** @type {string[]} */
  const created = [];
  for (let i = 0; i < 2; i++) {
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    created.push(AccessKey?.AccessKeyId ?? '');
  }
  const now = Math.floor(Date.now() / 1000);
  const cookie = `next-auth.session-token=${await encode({
    secret: SECRET,
    token: { sub: 'taro', name: 'Taro', iamUserName: 'taro', roles: ['user'], authTime: now, signedInAt: now },
  })}`;

  // The portal reads the keys and their names (ListUserTags) at once, then each key's last use.
  const direct = await measure(async () => {
    const [{ AccessKeyMetadata = [] }] = await Promise.all([
      iam.send(new ListAccessKeysCommand({ UserName: 'taro' })),
      iam.send(new ListUserTagsCommand({ UserName: 'taro' })),
    ]);
    await Promise.all(AccessKeyMetadata.map((k) => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }))));
  });
  const portal = await measure(async () => {
    const res = await fetch(`${origin}/api/me/access-keys`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`portal answered ${res.status}`);
    await res.arrayBuffer();
  });

  // What Next itself costs for the smallest route (no session, no IAM): the floor under any
  // portal answer, and why the ratio cannot reach 1 however thin the route is.
  const floor = await measure(async () => {
    const res = await fetch(`${origin}/api/health`);
    await res.arrayBuffer();
  });

  const ratio = portal.p50 / direct.p50;
  const store = server ? 'PostgreSQL (throwaway server, fresh database)' : values.database ? 'PostgreSQL (--database)' : 'SQLite (temp file)';
  console.log(`store: ${store}`);
  console.log(`Key list: portal vs. the same IAM calls made directly (${calls} calls each, sequential, 2 keys${accountCount > 1 ? `; ${accountCount} accounts served, taro in his own only` : ''})`);
  console.log(`direct SDK       p50 ${direct.p50.toFixed(2).padStart(7)} ms   p99 ${direct.p99.toFixed(2).padStart(7)} ms`);
  console.log(`GET /api/me/...  p50 ${portal.p50.toFixed(2).padStart(7)} ms   p99 ${portal.p99.toFixed(2).padStart(7)} ms`);
  console.log(`GET /api/health  p50 ${floor.p50.toFixed(2).padStart(7)} ms   p99 ${floor.p99.toFixed(2).padStart(7)} ms   (Next's own floor)`);
  console.log(`ratio (p50)      ${ratio.toFixed(2)}x   goal: within 1.3x — ${ratio <= 1.3 ? 'PASS' : 'MISS'}`);

  // Routes that go to the store, where SQLite and PostgreSQL differ: the activity list (one
  // read) and a key switched off and on (audit entry written, IAM called, entry finished).
  const activity = await measure(async () => {
    const res = await fetch(`${origin}/api/me/activity`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`activity answered ${res.status}`);
    await res.arrayBuffer();
  });
  let on = true;
  const toggle = await measure(async () => {
    on = !on;
    const res = await fetch(`${origin}/api/me/access-keys/${created[0]}`, {
      method: 'PATCH',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ status: on ? 'Active' : 'Inactive' }),
    });
    if (res.status !== 200) throw new Error(`toggle answered ${res.status}`);
    await res.arrayBuffer();
  });
  console.log(`\nRoutes that use the store (${store.split(' ')[0]})`);
  console.log(`GET /api/me/activity            p50 ${activity.p50.toFixed(2).padStart(7)} ms   p99 ${activity.p99.toFixed(2).padStart(7)} ms`);
  console.log(`PATCH /api/me/access-keys/:id   p50 ${toggle.p50.toFixed(2).padStart(7)} ms   p99 ${toggle.p99.toFixed(2).padStart(7)} ms`);
  for (const id of created) await iam.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: id }));

  // Help-desk search over thousands of people: IAM has no search, so Kagi pages through
  // ListUsers (1000 a page) and keeps the directory for 30 s.
  const people = Number(values.people);
  // In every account the portal serves (with --accounts N, N directories of `people` each).
  for (const account of stack.iam.accounts.slice(0, Math.max(1, accountCount))) {
    const admin = new IAMClient({ endpoint: stack.iam.url, region: 'us-east-1', credentials: { accessKeyId: account.adminAccessKeyId, secretAccessKey: account.adminSecretAccessKey } });
    for (let i = 0; i < people; i++) {
      await admin.send(new CreateUserCommand({ UserName: `person${String(i).padStart(5, '0')}`, Path: '/staff/' }));
    }
    admin.destroy();
  }
  const agentCookie = `next-auth.session-token=${await encode({
    secret: SECRET,
    token: { sub: 'sato', name: 'Sato', iamUserName: 'sato', roles: ['user', 'helpdesk'], authTime: now, signedInAt: now },
  })}`;
  /** @param {string} q */
  const search = async (q) => {
    const started = performance.now();
    const res = await fetch(`${origin}/api/helpdesk/users?q=${q}`, { headers: { cookie: agentCookie } });
    if (res.status !== 200) throw new Error(`search answered ${res.status}`);
    const { total } = await res.json();
    return { ms: performance.now() - started, total };
  };
  const cold = await search('person01');
  const warm = [];
  for (let i = 0; i < 200; i++) warm.push((await search(`person0${i % 10}`)).ms);
  console.log(`\nHelp-desk search over ${people + 4} IAM users${accountCount > 1 ? ` in each of ${accountCount} accounts` : ''}`);
  console.log(`first search (lists all users) ${cold.ms.toFixed(1)} ms, ${cold.total} matches`);
  console.log(`later searches (30 s directory) p50 ${percentile(warm, 50).toFixed(2)} ms   p99 ${percentile(warm, 99).toFixed(2)} ms`);
} finally {
  iam.destroy();
  await stack.stop();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * `--role`: the same requests on a base-mode and a role-mode stack, one call to each in turn,
 * so that whatever else the machine does weighs on both alike.
 */
async function compareModes() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-bench-role-'));
  /** @type {Array<Awaited<ReturnType<typeof startStack>>>} */
  const stacks = [];
  try {
    /** @type {Array<{ name: string, stack: Awaited<ReturnType<typeof startStack>>, list: () => Promise<void>, toggle: () => Promise<void> }>} */
    const modes = [];
    for (const role of [false, true]) {
      const origin = `http://127.0.0.1:${await freePort()}`;
      const stack = await startStack({
        portalOrigin: origin,
        iamPort: 0,
        idpPort: 0,
        databaseUrl: `file:${path.join(dir, `${role ? 'role' : 'base'}.db`)}`,
        build: false,
        quiet: true,
        nextAuthSecret: SECRET,
        role,
      });
      stacks.push(stack);
      const admin = new IAMClient({
        endpoint: stack.iam.url,
        region: 'us-east-1',
        credentials: { accessKeyId: stack.iam.adminAccessKeyId, secretAccessKey: stack.iam.adminSecretAccessKey },
      });
      /** @type {string[]} */
      const keyIds = [];
      for (let i = 0; i < 2; i++) keyIds.push((await admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }))).AccessKey?.AccessKeyId ?? '');
      admin.destroy();
      const now = Math.floor(Date.now() / 1000);
      const cookie = `next-auth.session-token=${await encode({
        secret: SECRET,
        token: { sub: 'taro', name: 'Taro', iamUserName: 'taro', roles: ['user'], authTime: now, signedInAt: now },
      })}`;
      let on = true;
      modes.push({
        name: role ? 'role mode' : 'base mode',
        stack,
        list: async () => {
          const res = await fetch(`${origin}/api/me/access-keys`, { headers: { cookie } });
          if (res.status !== 200) throw new Error(`key list answered ${res.status}`);
          await res.arrayBuffer();
        },
        toggle: async () => {
          on = !on;
          const res = await fetch(`${origin}/api/me/access-keys/${keyIds[0]}`, {
            method: 'PATCH',
            headers: { cookie, origin, 'content-type': 'application/json' },
            body: JSON.stringify({ status: on ? 'Active' : 'Inactive' }),
          });
          if (res.status !== 200) throw new Error(`toggle answered ${res.status}`);
          await res.arrayBuffer();
        },
      });
    }
    /** @param {'list' | 'toggle'} what */
    const inTurns = async (what) => {
      for (let i = 0; i < warmup; i++) for (const m of modes) await m[what]();
      /** @type {number[][]} */
      const samples = modes.map(() => []);
      for (let i = 0; i < calls; i++) {
        for (const [j, m] of modes.entries()) {
          const start = performance.now();
          await m[what]();
          samples[j]?.push(performance.now() - start);
        }
      }
      return samples.map((s) => ({ p50: percentile(s, 50), p99: percentile(s, 99) }));
    };
    const assumesBefore = modes[1]?.stack.iam.requestCount('AssumeRole') ?? 0;
    const list = await inTurns('list');
    const toggle = await inTurns('toggle');
    const assumed = (modes[1]?.stack.iam.requestCount('AssumeRole') ?? 0) - assumesBefore;
    console.log(`Base mode vs. role mode (PORTAL_ROLE_ARN, cached sessions): ${calls} calls each, in turns, after ${warmup} warm-up calls`);
    for (const [label, result] of /** @type {const} */ ([['GET /api/me/access-keys', list], ['PATCH /api/me/access-keys/:id', toggle]])) {
      const [base, role] = result;
      if (!base || !role) continue;
      const ratio = role.p50 / base.p50;
      console.log(`\n${label}`);
      console.log(`  base mode   p50 ${base.p50.toFixed(2).padStart(7)} ms   p99 ${base.p99.toFixed(2).padStart(7)} ms`);
      console.log(`  role mode   p50 ${role.p50.toFixed(2).padStart(7)} ms   p99 ${role.p99.toFixed(2).padStart(7)} ms`);
      console.log(`  ratio (p50) ${ratio.toFixed(3)}x   goal: within 1.10x — ${ratio <= 1.1 ? 'PASS' : 'MISS'}`);
    }
    console.log(`\nAssumeRole calls in role mode, warm-up included: ${assumed} (one session for taro, cached)`);
  } finally {
    for (const stack of stacks) await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
