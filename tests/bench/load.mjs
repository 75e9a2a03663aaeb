// @ts-check
/**
 * `npm run bench:load`: 200 signed-in people (default) using the portal at once for 60 s
 * against the demo stack (a production build; run `npm run build` first). Prints per-route
 * p50/p99, errors, and checks that the audit log has exactly one entry per mutation.
 * `--crash` also kills the portal (instance #0) with SIGKILL halfway and restarts it, then
 * checks that the audit store opens intact and every key in IAM has its creation in the log.
 *   --users N (200)  --seconds S (60)  --crash
 *   --database URL   a postgres:// URL of an empty database, or `postgres`: a throwaway server
 *                    with a fresh database (default: a temp SQLite file)
 *   --instances N    (1) portal instances on that database, people spread over them (PostgreSQL)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { startStack } from '../../local/stack.mjs';
import { freePort } from '../support/free-port.mjs';
import { createLoadUsers, runLoad, summarize } from '../support/load.mjs';
import { startPostgres } from '../support/postgres.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    crash: { type: 'boolean' },
    database: { type: 'string' },
    instances: { type: 'string', default: '1' },
  },
});
const userCount = Number(values.users);
const seconds = Number(values.seconds);
const instanceCount = Number(values.instances);
const SECRET = 'kagi-load-bench-session-secret-0123456789abcdef';

/** @param {string} message @returns {never} */
function refuse(message) {
  console.error(`bench:load: ${message}`);
  process.exit(2);
}
const onPostgres = values.database !== undefined;
if (onPostgres && values.database !== 'postgres' && !/^postgres(ql)?:\/\/./.test(values.database ?? '')) {
  refuse('--database takes a postgres:// URL of an empty database, or `postgres` for a throwaway server.');
}
if (!Number.isInteger(instanceCount) || instanceCount < 1) refuse('--instances takes a whole number, 1 or more.');
if (instanceCount > 1 && !onPostgres) refuse(`--instances ${instanceCount} needs PostgreSQL (--database): a SQLite file serves one instance only.`);

/**
 * Reads the audit store, SQLite or PostgreSQL, with plain SQL both understand.
 * @param {string} databaseUrl
 */
async function openAudit(databaseUrl) {
  if (databaseUrl.startsWith('file:')) {
    const db = new Database(databaseUrl.slice('file:'.length), { readonly: true });
    return {
      /** @param {string} query @returns {Promise<any[]>} */
      all: async (query) => db.prepare(query).all(),
      integrity: async () => String(db.pragma('integrity_check', { simple: true })),
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    /** @param {string} query @returns {Promise<any[]>} */
    all: async (query) => (await client.query(query)).rows,
    integrity: async () => '(PostgreSQL, crash-safe by its WAL)',
    close: () => client.end(),
  };
}

if (onPostgres && values.database !== 'postgres') {
  // Every audit row is counted against the mutations sent, so the database must start empty.
  const check = await openAudit(values.database ?? '');
  const [{ n }] = await check.all("select count(*) n from information_schema.tables where table_schema = current_schema()");
  await check.close();
  if (Number(n) > 0) refuse(`the database at --database already has ${n} tables: give bench:load an empty one.`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-load-'));
// fsync on, as a production server has it: the figures are not flattered by a store that may lose commits.
const server = values.database === 'postgres' ? await startPostgres({ fsync: true }) : undefined;
const databaseUrl = server ? await server.createDatabase() : (values.database ?? `file:${path.join(dir, 'kagi.db')}`);

const ports = [];
for (let i = 0; i < instanceCount; i++) ports.push(await freePort());
const origin = `http://127.0.0.1:${ports[0]}`;
const stack = await startStack({
  portalOrigin: origin,
  iamPort: 0,
  idpPort: 0,
  databaseUrl,
  instancePorts: ports,
  // On PostgreSQL a killed instance's pending entries wait until it is taken for dead (six
  // missed heartbeats): 6 s with 1 s beats instead of 30 s.
  heartbeatSeconds: onPostgres ? 1 : undefined,
  build: false,
  quiet: true,
  nextAuthSecret: SECRET,
}).catch(async (error) => {
  await server?.stop();
  throw error;
});
const admin = new IAMClient({
  endpoint: stack.iam.url,
  region: 'us-east-1',
  credentials: { accessKeyId: stack.iam.adminAccessKeyId, secretAccessKey: stack.iam.adminSecretAccessKey },
});

try {
  const users = await createLoadUsers(admin, userCount, 'load');
  const where = `${onPostgres ? 'PostgreSQL' : 'SQLite'}, ${instanceCount} instance${instanceCount > 1 ? 's' : ''}`;
  console.log(`${userCount} signed-in people, ${seconds} s, mix of list / create / toggle / delete${values.crash ? ', SIGKILL at half time' : ''} (${where})`);
  const started = Date.now();
  const load = runLoad({ origin, instances: stack.instances.map((i) => i.url), secret: SECRET, users, durationMs: seconds * 1000 });
  let crashAt = 0;
  if (values.crash) {
    await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
    crashAt = Date.now() - started;
    await /** @type {import('../../local/stack.mjs').PortalInstance} */ (stack.instances[0]).crashAndRestart();
    const which = instanceCount > 1 ? 'instance #0' : 'portal';
    console.log(`${which} killed (SIGKILL) at ${(crashAt / 1000).toFixed(1)} s and back after ${((Date.now() - started - crashAt) / 1000).toFixed(1)} s`);
  }
  const result = await load;
  const elapsed = (Date.now() - started) / 1000;

  console.log('\nroute                              count     p50 ms    p99 ms   statuses');
  for (const row of summarize(result.samples)) {
    console.log(
      `${row.route.padEnd(34)} ${String(row.count).padStart(6)} ${row.p50.toFixed(1).padStart(10)} ${row.p99.toFixed(1).padStart(9)}   ${JSON.stringify(row.statuses)}`,
    );
  }
  const errors = result.samples.filter((s) => s.status >= 500).length;
  const answered = result.samples.length;
  console.log(`\nrequests ${answered + result.networkErrors} (${(answered / elapsed).toFixed(1)} answered/s)   5xx ${errors}   network errors ${result.networkErrors}`);
  console.log(`requests answered per instance: ${stack.instances.map((_, i) => `#${i} ${result.samples.filter((s) => s.instance === i).length}`).join(', ')}`);

  const audit = await openAudit(databaseUrl);
  const count = async (/** @type {string} */ where) => Number((await audit.all(`select count(*) n from audit_entries ${where}`))[0].n);
  // A killed instance's pending entries are resolved by a live one: at once on SQLite (the
  // restart), on PostgreSQL once it is taken for dead. Count only when that is done.
  const waitStarted = Date.now();
  let pending = await count("where outcome = 'pending'");
  while (pending > 0 && Date.now() - waitStarted < 30_000) {
    await new Promise((r) => setTimeout(r, 500));
    pending = await count("where outcome = 'pending'");
  }
  const waited = (Date.now() - waitStarted) / 1000;
  const integrity = await audit.integrity();
  const rows = await count('');
  const logged = new Set(
    (await audit.all("select access_key_id from audit_entries where action = 'access-key.create' and access_key_id is not null")).map((r) => r.access_key_id),
  );
  await audit.close();
  let keysInIam = 0;
  let unlogged = 0;
  for (const userName of users) {
    const { AccessKeyMetadata = [] } = await admin.send(new ListAccessKeysCommand({ UserName: userName }));
    for (const key of AccessKeyMetadata) {
      keysInIam++;
      if (!logged.has(key.AccessKeyId ?? '')) unlogged++;
    }
  }
  console.log(`audit store integrity: ${integrity}`);
  console.log(`pending entries left ${pending}${waited >= 1 ? `   (waited ${waited.toFixed(1)} s for them to be resolved)` : ''}`);
  console.log(`audit rows ${rows}   mutations sent ${result.mutations}   ${rows === result.mutations ? 'EQUAL' : 'DIFFERENT'}`);
  console.log(`keys in IAM ${keysInIam}   without their creation in the audit log ${unlogged}`);
  const intact = onPostgres || integrity === 'ok';
  if (errors > 0 || !intact || pending > 0 || unlogged > 0 || (!values.crash && rows !== result.mutations)) process.exitCode = 1;
} finally {
  admin.destroy();
  await stack.stop();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
