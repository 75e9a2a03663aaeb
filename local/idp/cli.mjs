#!/usr/bin/env node
// @ts-check
// Runs the local identity provider with one client until SIGINT/SIGTERM (or the parent exits).
//
//   node local/idp/cli.mjs --port 4520 --client-id kagi-local --client-secret <s> \
//     --redirect-uri http://127.0.0.1:3000/api/auth/callback/kagi \
//     [--redirect-uri …] [--post-logout-redirect-uri …] [--host 127.0.0.1] [--exit-with-parent]

import { parseArgs } from 'node:util';

import { startLocalIdp } from './server.mjs';

const USAGE = `usage: node local/idp/cli.mjs --client-secret <secret> --redirect-uri <uri> [--redirect-uri <uri> …]
         [--client-id kagi-local] [--port 4520] [--host 127.0.0.1]
         [--post-logout-redirect-uri <uri> …] [--exit-with-parent]`;

/** @param {string} message */
function fail(message) {
  process.stderr.write(`local idp: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** @type {ReturnType<typeof parseArgs>['values']} */
let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4520' },
      host: { type: 'string', default: '127.0.0.1' },
      'client-id': { type: 'string', default: 'kagi-local' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      'exit-with-parent': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
  throw err; // unreachable: fail() exits
}

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${String(values.port)}`);
const clientId = /** @type {string} */ (values['client-id']);
const clientSecret = values['client-secret'];
if (typeof clientSecret !== 'string' || clientSecret === '') fail('--client-secret is required');
const redirectUris = /** @type {string[] | undefined} */ (values['redirect-uri']) ?? [];
if (redirectUris.length === 0) fail('at least one --redirect-uri is required');
const postLogoutRedirectUris = /** @type {string[] | undefined} */ (values['post-logout-redirect-uri']) ?? [];

const idp = await startLocalIdp({
  port,
  host: /** @type {string} */ (values.host),
  clients: [
    {
      client_id: clientId,
      client_secret: /** @type {string} */ (clientSecret),
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
    },
  ],
}).catch((err) => {
  process.stderr.write(`local idp: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

process.stdout.write(`local identity provider ready at ${idp.issuer}\n`);

let stopping = false;
/** @param {string} why */
async function stop(why) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`local idp: stopping (${why})\n`);
  const timer = setTimeout(() => process.exit(0), 3000);
  timer.unref();
  try {
    await idp.close();
  } finally {
    process.exit(0);
  }
}

process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

if (values['exit-with-parent']) {
  const originalPpid = process.ppid;
  const watch = setInterval(() => {
    let alive = process.ppid === originalPpid;
    if (alive) {
      try {
        process.kill(originalPpid, 0);
      } catch (err) {
        // EPERM: the process exists but belongs to someone else.
        alive = /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
      }
    }
    if (!alive) {
      clearInterval(watch);
      void stop('parent process exited');
    }
  }, 1000);
  watch.unref();
}
