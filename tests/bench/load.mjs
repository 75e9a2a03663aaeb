// @ts-check
/**
 * `npm run bench:load`: 200 signed-in people (default) using the portal at once for 60 s
 * against the demo stack (a production build; run `npm run build` first). Prints per-route
 * p50/p99, errors, and checks that the audit log has exactly one entry per mutation.
 * `--crash` also kills the portal with SIGKILL halfway and restarts it, then checks that
 * the audit store opens intact and every key in IAM has its creation in the log.
 *   --users N (200)  --seconds S (60)  --crash
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { startStack } from '../../local/stack.mjs';
import { freePort } from '../support/free-port.mjs';
import { createLoadUsers, runLoad, summarize } from '../support/load.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values } = parseArgs({
  options: { users: { type: 'string', default: '200' }, seconds: { type: 'string', default: '60' }, crash: { type: 'boolean' } },
});
const userCount = Number(values.users);
const seconds = Number(values.seconds);
const SECRET = 'kagi-load-bench-session-secret-0123456789abcdef';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-load-'));
const dbFile = path.join(dir, 'kagi.db');
const origin = `http://127.0.0.1:${await freePort()}`;
const stack = await startStack({
  portalOrigin: origin,
  iamPort: 0,
  idpPort: 0,
  databaseUrl: `file:${dbFile}`,
  build: false,
  quiet: true,
  nextAuthSecret: SECRET,
});
const admin = new IAMClient({
  endpoint: stack.iam.url,
  region: 'us-east-1',
  credentials: { accessKeyId: stack.iam.adminAccessKeyId, secretAccessKey: stack.iam.adminSecretAccessKey },
});

try {
  const users = await createLoadUsers(admin, userCount, 'load');
  console.log(`${userCount} signed-in people, ${seconds} s, mix of list / create / toggle / delete${values.crash ? ', SIGKILL at half time' : ''}`);
  const started = Date.now();
  const load = runLoad({ origin, secret: SECRET, users, durationMs: seconds * 1000 });
  let crashAt = 0;
  if (values.crash) {
    await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
    crashAt = Date.now() - started;
    await stack.crashAndRestartPortal();
    console.log(`portal killed (SIGKILL) at ${(crashAt / 1000).toFixed(1)} s and back after ${((Date.now() - started - crashAt) / 1000).toFixed(1)} s`);
  }
  const result = await load;

  console.log('\nroute                              count     p50 ms    p99 ms   statuses');
  for (const row of summarize(result.samples)) {
    console.log(
      `${row.route.padEnd(34)} ${String(row.count).padStart(6)} ${row.p50.toFixed(1).padStart(10)} ${row.p99.toFixed(1).padStart(9)}   ${JSON.stringify(row.statuses)}`,
    );
  }
  const errors = result.samples.filter((s) => s.status >= 500).length;
  console.log(`\nrequests ${result.samples.length + result.networkErrors}   5xx ${errors}   network errors ${result.networkErrors}`);

  const db = new Database(dbFile, { readonly: true });
  const integrity = db.pragma('integrity_check', { simple: true });
  const rows = /** @type {{ n: number }} */ (db.prepare('select count(*) n from audit_entries').get()).n;
  const logged = new Set(
    /** @type {Array<{ access_key_id: string }>} */ (
      db.prepare("select access_key_id from audit_entries where action = 'access-key.create' and access_key_id is not null").all()
    ).map((r) => r.access_key_id),
  );
  db.close();
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
  console.log(`audit rows ${rows}   mutations sent ${result.mutations}   ${rows === result.mutations ? 'EQUAL' : 'DIFFERENT'}`);
  console.log(`keys in IAM ${keysInIam}   without their creation in the audit log ${unlogged}`);
  if (errors > 0 || integrity !== 'ok' || unlogged > 0 || (!values.crash && rows !== result.mutations)) process.exitCode = 1;
} finally {
  admin.destroy();
  await stack.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
