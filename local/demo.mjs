// @ts-check
/**
 * `npm run demo`: the whole of Kagi on this machine, no AWS account needed.
 *   --no-build   reuse the last `next build`
 *   --e2e        the stack the Playwright tests use: other ports, fresh in-memory IAM state,
 *                a throw-away database, no build, and it stops when its parent does
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDirFor, startStack } from './stack.mjs';
import { DEMO_USERS } from './seed.mjs';

/** Ports of the e2e stack; tests/e2e reads the same numbers from tests/e2e/stack.ts. */
// KAGI_E2E_PORT_OFFSET moves all three, so two checkouts can run their e2e suites at once.
const offset = Number(process.env.KAGI_E2E_PORT_OFFSET ?? 0);
export const E2E = {
  portalOrigin: `http://127.0.0.1:${3100 + offset}`,
  iamPort: 4610 + offset,
  idpPort: 4620 + offset,
  // Fixed so tests can forge expired, tampered or stale sessions; tests/e2e/stack.ts has it too.
  nextAuthSecret: 'kagi-e2e-only-session-secret-not-for-real-use',
};

// The SDK's notice about Node 22 says nothing a demo user can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({ options: { 'no-build': { type: 'boolean' }, e2e: { type: 'boolean' } } });
const root = fileURLToPath(new URL('..', import.meta.url));

// The e2e run's leak check (tests/e2e/leaks) reads these after every other test.
const e2eDir = path.join(root, '.data', 'e2e-stack');
if (values.e2e) {
  fs.rmSync(e2eDir, { recursive: true, force: true });
  fs.mkdirSync(e2eDir, { recursive: true });
}

const options = values.e2e
  ? {
      ...E2E,
      databaseUrl: `file:${path.join(e2eDir, 'kagi.db')}`,
      logFile: path.join(e2eDir, 'portal.log'),
      secretJournal: path.join(e2eDir, 'secrets.journal'),
      build: false,
      quiet: true,
    }
  : {
      portalOrigin: 'http://localhost:3000',
      iamPort: 4510,
      idpPort: 4520,
      iamStateFile: path.join(root, '.data', 'demo-iam.json'),
      databaseUrl: `file:${path.join(root, '.data', 'demo.db')}`,
      build: !values['no-build'],
    };
if (options.iamStateFile) ensureDirFor(options.iamStateFile);

const stack = await startStack(options);

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
stack.portalExited.then(() => void shutdown(stopping ? 0 : 1));

if (values.e2e) {
  // Playwright normally stops us; if it is killed instead, do not outlive it.
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      void shutdown();
    }
  }, 1000).unref();
}

console.log(`
Kagi is running.

  Open ${stack.portalUrl} and sign in as one of: ${DEMO_USERS.map((u) => u.userName).join(', ')} or nobody (password: demo)

  Local IAM endpoint        ${stack.iam.url}   (admin key ${stack.iam.adminAccessKeyId})
  Local identity provider   ${stack.idp.issuer}

Press Ctrl-C to stop everything.
`);
