// @ts-check
/**
 * `npm run demo`: the whole of Kagi on this machine, no AWS account needed.
 *   --no-build   reuse the last `next build`
 *   --e2e        the stack the Playwright tests use: other ports, fresh IAM state (a file in its directory),
 *                a throw-away database, no build, and it stops when its parent does
 *   --e2e-idle   the same for the idle-timeout test (tests/e2e/idle): SESSION_IDLE_MINUTES=1,
 *                ports and directory of its own
 *   --e2e-accounts  the same for the accounts tests (tests/e2e/accounts): two accounts (Production
 *                and Sandbox), role mode (the only mode for a second account), ports and directory of its own
 *   --database URL   the portal's store: postgres://USER@HOST:PORT/DB (or file:PATH); default .data/demo.db
 *   --instances N    N portal instances on ports 3000, 3001, … (needs a postgres:// --database)
 *   --base       base mode: the portal calls IAM as its own principal (deploy/iam-policy.json).
 *                Without it the demo runs in role mode, the recommended one: the portal calls IAM
 *                through sessions of the role in deploy/ (PORTAL_ROLE_ARN), each naming the person
 *   --role       role mode for the e2e stacks too (the interactive demo is in role mode already)
 *   --one-account  only Production (123456789012). Without it the interactive demo serves two
 *                accounts, Production and Sandbox (210987654321), from one local IAM endpoint;
 *                the e2e stacks serve one unless --two-accounts
 *   --two-accounts  two accounts for the e2e stacks too
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDirFor, startStack } from './stack.mjs';
import { DEMO_ACCOUNTS, DEMO_USERS } from './seed.mjs';

/** Ports of the e2e stack; tests/e2e reads the same numbers from tests/e2e/stack.ts. */
// KAGI_E2E_PORT_OFFSET moves all three, so two checkouts can run their e2e suites at once.
const offset = Number(process.env.KAGI_E2E_PORT_OFFSET ?? 0);
export const E2E = {
  portalOrigin: `http://127.0.0.1:${3100 + offset}`,
  iamPort: 4610 + offset,
  idpPort: 4620 + offset,
  mailSmtpPort: 4625 + offset,
  mailWebPort: 4630 + offset,
  // Fixed so tests can forge expired, tampered or stale sessions; tests/e2e/stack.ts has it too.
  nextAuthSecret: 'kagi-e2e-only-session-secret-not-for-real-use',
  // The suite opens dozens of help-desk cases about taro and hanako within the hour; the case
  // limits themselves are proven by tests/integration/portal/helpdesk-case-limits.test.ts.
  portalEnv: { SESSION_IDLE_MINUTES: '30', HELPDESK_CASES_PER_AGENT_HOUR: '1000', HELPDESK_CASES_PER_PERSON_HOUR: '1000' },
  dir: 'e2e-stack',
};
/** A second e2e stack whose sessions end after one idle minute, so a test can wait for that. */
export const E2E_IDLE = {
  ...E2E,
  portalOrigin: `http://127.0.0.1:${3101 + offset}`,
  iamPort: 4611 + offset,
  idpPort: 4621 + offset,
  // No mail stand-in: the idle test sends nothing worth reading.
  mailSmtpPort: undefined,
  mailWebPort: undefined,
  portalEnv: { SESSION_IDLE_MINUTES: '1' },
  dir: 'e2e-idle-stack',
};
/** A third e2e stack serving two accounts, so that the one-account suite above stays as it is. */
export const E2E_ACCOUNTS = {
  ...E2E,
  portalOrigin: `http://127.0.0.1:${3102 + offset}`,
  iamPort: 4612 + offset,
  idpPort: 4622 + offset,
  mailSmtpPort: undefined,
  mailWebPort: undefined,
  dir: 'e2e-accounts-stack',
};

// The SDK's notice about Node 22 says nothing a demo user can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean' },
    e2e: { type: 'boolean' },
    'e2e-idle': { type: 'boolean' },
    'e2e-accounts': { type: 'boolean' },
    database: { type: 'string' },
    instances: { type: 'string' },
    role: { type: 'boolean' },
    base: { type: 'boolean' },
    'one-account': { type: 'boolean' },
    'two-accounts': { type: 'boolean' },
  },
});
/** Which of the Playwright tests' stacks, if any. */
const e2e = values.e2e ? E2E : values['e2e-idle'] ? E2E_IDLE : values['e2e-accounts'] ? E2E_ACCOUNTS : undefined;

/** @param {string} message @returns {never} */
function refuse(message) {
  console.error(`npm run demo: ${message}`);
  process.exit(2);
}
// The e2e stack's store and ports are what the Playwright tests expect; neither flag may change them unnoticed.
if ([values.e2e, values['e2e-idle'], values['e2e-accounts']].filter(Boolean).length > 1) {
  refuse('--e2e, --e2e-idle and --e2e-accounts are separate stacks: start each on its own.');
}
if (values['e2e-accounts'] && values['one-account']) refuse('--e2e-accounts serves two accounts; it cannot be combined with --one-account.');
if (values['one-account'] && values['two-accounts']) refuse('--one-account and --two-accounts: choose one.');
if (e2e && (values.database !== undefined || values.instances !== undefined)) {
  refuse('--e2e runs the tests\' own stack (a fresh SQLite file, one instance); it cannot be combined with --database or --instances.');
}
const instanceCount = Number(values.instances ?? '1');
if (!Number.isInteger(instanceCount) || instanceCount < 1) refuse('--instances takes a whole number, 1 or more.');
const postgres = /^postgres(ql)?:\/\/./.test(values.database ?? '');
if (values.database !== undefined && !postgres && !values.database.startsWith('file:')) {
  refuse('--database takes a URL: postgres://USER@HOST:PORT/DB (or file:PATH for SQLite).');
}
if (instanceCount > 1 && !postgres) {
  refuse(`--instances ${instanceCount} needs PostgreSQL (--database postgres://…): a SQLite file serves one instance only.`);
}
/** Instance i listens on 3000 + i; all share NEXTAUTH_URL http://localhost:3000. */
const instancePorts = Array.from({ length: instanceCount }, (_, i) => 3000 + i);

const root = fileURLToPath(new URL('..', import.meta.url));

// The e2e run's leak check (tests/e2e/leaks) reads these after every other test.
const e2eDir = path.join(root, '.data', e2e?.dir ?? 'e2e-stack');
if (e2e) {
  fs.rmSync(e2eDir, { recursive: true, force: true });
  fs.mkdirSync(e2eDir, { recursive: true });
}

const options = e2e
  ? {
      portalOrigin: e2e.portalOrigin,
      iamPort: e2e.iamPort,
      idpPort: e2e.idpPort,
      nextAuthSecret: e2e.nextAuthSecret,
      portalEnv: e2e.portalEnv,
      databaseUrl: `file:${path.join(e2eDir, 'kagi.db')}`,
      logFile: path.join(e2eDir, 'portal.log'),
      secretJournal: path.join(e2eDir, 'secrets.journal'),
      // Fresh each run (the directory is emptied above); the leak check reads it too.
      iamStateFile: path.join(e2eDir, 'iam-state.json'),
      mail: e2e.mailSmtpPort && e2e.mailWebPort ? { smtpPort: e2e.mailSmtpPort, webPort: e2e.mailWebPort, stateFile: path.join(e2eDir, 'mail.json') } : undefined,
      build: false,
      quiet: true,
      role: values.role || values['e2e-accounts'],
      accounts: /** @type {'one' | 'two'} */ (values['two-accounts'] || values['e2e-accounts'] ? 'two' : 'one'),
    }
  : {
      portalOrigin: 'http://localhost:3000',
      iamPort: 4510,
      idpPort: 4520,
      iamStateFile: path.join(root, '.data', 'demo-iam.json'),
      databaseUrl: values.database ?? `file:${path.join(root, '.data', 'demo.db')}`,
      instancePorts: instanceCount > 1 ? instancePorts : undefined,
      // Kept in memory and in .data/demo-mail.json; `rm -rf .data` empties the mailbox too.
      mail: { smtpPort: 4525, webPort: 4530, stateFile: path.join(root, '.data', 'demo-mail.json') },
      build: !values['no-build'],
      // Role mode unless asked otherwise: as easy to run, and it is how Kagi should be deployed.
      role: !values.base,
      // Two accounts unless asked otherwise: Production and Sandbox.
      accounts: /** @type {'one' | 'two'} */ (values['one-account'] ? 'one' : 'two'),
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

if (e2e) {
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

// Only with --role, --database or --instances does the banner say more than the default demo's.
const more = [];
if (stack.roleArn) {
  more.push(
    `  Role mode                 every IAM call through a session of ${stack.roleArn}`,
    `                            (who did what, as CloudTrail would show it: GET ${stack.iam.url}/_local/trail`,
    `                            with the header x-local-iam-admin-secret: ${stack.iam.adminSecretAccessKey})`,
  );
}
if (values.database) more.push(`  Portal store              ${withoutPassword(values.database)}`);
if (instanceCount > 1) {
  more.push(
    '',
    `  ${instanceCount} portal instances on that one database: ${instancePorts.map((p) => `http://localhost:${p}`).join(', ')}`,
    `  API clients may call any instance with one session cookie (mutations send Origin: ${stack.portalUrl}).`,
    `  Browsers: use ${stack.portalUrl} only. Sign-in returns there (NEXTAUTH_URL), changes from any other`,
    '  origin are refused, and the session cookies are tied to that host name.',
  );
}

console.log(`
Kagi is running.

  Open ${stack.portalUrl} and sign in as one of: ${DEMO_USERS.map((u) => u.userName).join(', ')} or nobody (password: demo)

  Local IAM endpoint        ${stack.iam.url}   (admin key ${stack.iam.adminAccessKeyId})
${accountLines().map((line) => `${line}\n`).join('')}  Local identity provider   ${stack.idp.issuer}
  Demo mailbox              ${stack.mail?.webUrl ?? '(none)'}   (every e-mail Kagi sends lands here; SMTP ${stack.mail?.smtpUrl ?? '-'})
${more.map((line) => `${line}\n`).join('')}
Press Ctrl-C to stop everything.
`);

/** With several accounts: each by name, with its ID and its own admin key. */
function accountLines() {
  if (!stack.accounts || stack.iam.accounts.length < 2) return [];
  return [
    '  AWS accounts on it        (each with its own admin key and secret)',
    ...stack.iam.accounts.map((a) => {
      const name = DEMO_ACCOUNTS.find((d) => d.id === a.accountId)?.name ?? '';
      return `    ${name.padEnd(12)} ${a.accountId}   ${a.adminAccessKeyId} / ${a.adminSecretAccessKey}`;
    }),
    `  Accounts file             ${stack.accountsFile}   (KAGI_ACCOUNTS_FILE)`,
  ];
}

/** A postgres:// URL as it may be printed. @param {string} url */
function withoutPassword(url) {
  if (!postgres) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
