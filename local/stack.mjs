// @ts-check
/**
 * Starts the whole local stack — local IAM endpoint with demo data, local identity provider,
 * and the portal itself (next start) — wired together the way production is: the portal
 * signs in through OpenID Connect and calls IAM with its own principal's key.
 * Used by `npm run demo` and by the e2e tests (Playwright's webServer).
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalIam } from './iam/server.mjs';
import { startLocalIdp } from './idp/server.mjs';
import { startLocalMail } from './mail/server.mjs';
import { SANDBOX_ACCOUNT_ID, accountsFile, seedDemo } from './seed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export const OIDC_CLIENT_ID = 'kagi-local';

/**
 * @typedef {object} StackOptions
 * @property {string} portalOrigin   origin people open, e.g. http://localhost:3000
 * @property {number} iamPort
 * @property {number} idpPort
 * @property {string} [iamStateFile] persist the local IAM endpoint's state here
 * @property {string} databaseUrl    the portal's own store (audit log…)
 * @property {number[]} [instancePorts] run one portal instance on each of these ports, all
 *                                   with the same NEXTAUTH_URL (portalOrigin); default: its port
 * @property {number} [heartbeatSeconds] INSTANCE_HEARTBEAT_SECONDS for the portal (tests)
 * @property {boolean} build         run `next build` first
 * @property {boolean} [quiet]       hide the portal's own output
 * @property {string} [nextAuthSecret] a fixed session secret (tests); random otherwise
 * @property {string} [logFile]      append the portal's output here (tests read it)
 * @property {string} [secretJournal] tests only: the local IAM endpoint notes every secret here
 * @property {readonly import('./idp/accounts.mjs').DemoAccount[]} [idpAccounts] tests only: the
 *                                   identity provider's accounts instead of the demo ones
 * @property {Record<string, string>} [portalEnv] tests only: more settings for the portal
 * @property {boolean} [role]        role mode: the local endpoint gets the role and its policies
 *                                   from deploy/, and the portal PORTAL_ROLE_ARN
 * @property {'one' | 'two' | number} [accounts] 'two': the local endpoint also serves Sandbox (a number n > 2: and n - 2 accounts like it, for benchmarks)
 *                                   (210987654321, seeded by seedSandbox) beside Production, and
 *                                   the portal gets an accounts file naming both
 *                                   (KAGI_ACCOUNTS_FILE); default 'one', as before
 * @property {string} [accountsFile] where to write that file (default: a fresh temporary
 *                                   directory, removed on stop)
 * @property {{ smtpPort: number, webPort: number, stateFile?: string }} [mail] start the local
 *                                   mail stand-in there and send the portal's notifications to it
 */

/**
 * @typedef {object} PortalInstance
 * @property {string} url                 where this instance listens
 * @property {number | undefined} pid
 * @property {Promise<unknown>} exited    resolves when the current process exits
 * @property {() => Promise<void>} kill   SIGKILL, as a crash would; down until `start`
 * @property {() => Promise<{ code: number | null, ms: number }>} terminate  SIGTERM, as an
 *                                        orchestrator stops it; resolves on exit with the exit code and how long it took
 * @property {() => Promise<void>} start
 * @property {() => Promise<void>} crashAndRestart
 */

/** @param {StackOptions} options */
export async function startStack(options) {
  const portalUrl = new URL(options.portalOrigin);
  /** @type {Array<() => Promise<void>>} */
  const stoppers = [];
  const stop = async () => {
    for (const stopOne of stoppers.splice(0).reverse()) await stopOne().catch(() => {});
  };

  try {
    // 'two': Production and Sandbox; a number n > 2 adds n - 2 accounts like Sandbox (benchmarks).
    const accountCount = options.accounts === 'two' ? 2 : typeof options.accounts === 'number' ? options.accounts : 1;
    const twoAccounts = accountCount >= 2;
    const moreAccounts = Array.from({ length: Math.max(0, accountCount - 2) }, (_, i) => {
      const id = `3000000000${String(i + 1).padStart(2, '0')}`;
      return { id, name: `Account ${i + 3}`, roleArn: `arn:aws:iam::${id}:role/kagi-portal-access` };
    });
    const iam = await startLocalIam({
      port: options.iamPort,
      stateFile: options.iamStateFile,
      secretJournal: options.secretJournal,
      ...(twoAccounts ? { accounts: [SANDBOX_ACCOUNT_ID, ...moreAccounts.map((a) => a.id)] } : {}),
    });
    stoppers.push(() => iam.close());
    const { roleArn, accounts, ...portalKey } = await seedDemo(iam, { role: options.role, sandbox: twoAccounts, moreAccounts });

    // The accounts file the portal reads (KAGI_ACCOUNTS_FILE): { version: 1, accounts: [...] }.
    let accountsFilePath;
    if (twoAccounts) {
      if (options.accountsFile) {
        accountsFilePath = options.accountsFile;
        ensureDirFor(accountsFilePath);
      } else {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-accounts-'));
        accountsFilePath = path.join(dir, 'accounts.json');
        stoppers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      }
      fs.writeFileSync(accountsFilePath, JSON.stringify(accountsFile(accounts), null, 2) + '\n');
    }

    const oidcClientSecret = crypto.randomBytes(24).toString('base64url');
    const idp = await startLocalIdp({
      port: options.idpPort,
      accounts: options.idpAccounts,
      clients: [
        {
          client_id: OIDC_CLIENT_ID,
          client_secret: oidcClientSecret,
          redirect_uris: [`${portalUrl.origin}/api/auth/callback/sso`],
          post_logout_redirect_uris: [`${portalUrl.origin}/signed-out`],
        },
      ],
    });
    stoppers.push(() => idp.close());

    const mail = options.mail ? await startLocalMail(options.mail) : undefined;
    if (mail) stoppers.push(() => mail.close());

    if (options.build) {
      const built = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
      if (built.status !== 0) throw new Error('next build failed');
    }

    /** @type {NodeJS.ProcessEnv} */
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      // IAM and the identity provider here are the local stand-ins: lifts the production
      // refusals of a local IAM endpoint and of plain http (lib/config.ts).
      KAGI_LOCAL_STANDIN: 'true',
      NEXTAUTH_URL: portalUrl.origin,
      NEXTAUTH_SECRET: options.nextAuthSecret ?? crypto.randomBytes(32).toString('base64url'),
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID,
      OIDC_CLIENT_SECRET: oidcClientSecret,
      IAM_USER_PATH_PREFIX: '/staff/',
      HELPDESK_PROTECTED_PATH_PREFIX: '/staff/helpdesk/',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_IAM: iam.url,
      ...(roleArn ? { PORTAL_ROLE_ARN: roleArn } : {}),
      // Role mode, and every account but Kagi's own, go through STS.
      ...(roleArn || accountsFilePath ? { AWS_ENDPOINT_URL_STS: iam.url } : {}),
      ...(accountsFilePath ? { KAGI_ACCOUNTS_FILE: accountsFilePath } : {}),
      AWS_ACCESS_KEY_ID: portalKey.accessKeyId,
      AWS_SECRET_ACCESS_KEY: portalKey.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      DATABASE_URL: options.databaseUrl,
      // The stand-in takes any credentials: these show that SMTP_URL may carry them (never logged).
      ...(mail ? { SMTP_URL: mail.smtpUrl.replace('smtp://', 'smtp://kagi:local-mail-password@'), MAIL_FROM: 'Kagi <kagi@kagi.localhost>' } : {}),
      ...(options.heartbeatSeconds ? { INSTANCE_HEARTBEAT_SECONDS: String(options.heartbeatSeconds) } : {}),
      ...options.portalEnv,
    };
    // Profiles or a session token from the developer's own AWS setup must not leak in.
    // Nor may a role or an STS endpoint, unless role mode asked for them.
    // Nor an accounts file, unless two accounts were asked for.
    const foreign = [
      'AWS_PROFILE',
      'AWS_SESSION_TOKEN',
      'AWS_ENDPOINT_URL',
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
      ...(roleArn ? [] : ['PORTAL_ROLE_ARN']),
      ...(roleArn || accountsFilePath ? [] : ['AWS_ENDPOINT_URL_STS']),
      // (a test's own one in portalEnv stays)
      ...(accountsFilePath || options.portalEnv?.KAGI_ACCOUNTS_FILE !== undefined ? [] : ['KAGI_ACCOUNTS_FILE']),
    ];
    for (const name of foreign) {
      delete env[name];
    }

    const ports = options.instancePorts ?? [Number(portalUrl.port || '3000')];
    /** Starts `next start` on a port; the stack restarts it after a crash test kills it. */
    const launchPortal = async (/** @type {number} */ port) => {
      const logFd = options.logFile ? fs.openSync(options.logFile, 'a') : undefined;
      // KAGI_PORTAL_NODE_ARGS: extra Node flags for the portal, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
      // to see where a benchmark's time goes (NODE_OPTIONS may not carry --cpu-prof).
      const child = spawn(process.execPath, [...(process.env.KAGI_PORTAL_NODE_ARGS?.split(' ').filter(Boolean) ?? []), nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
        cwd: root,
        env,
        stdio: ['ignore', logFd ?? (options.quiet ? 'ignore' : 'inherit'), logFd ?? 'inherit'],
      });
      if (logFd !== undefined) fs.closeSync(logFd);
      /** @type {Promise<number | null>} */
      const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
      await waitForPortal(`http://127.0.0.1:${port}/api/health`, exited);
      return { child, exited };
    };
    /** One portal process per port, each restartable on its own. @type {PortalInstance[]} */
    const instances = [];
    for (const port of ports) {
      let portal = await launchPortal(port);
      const instance = {
        url: `http://127.0.0.1:${port}`,
        get pid() {
          return portal.child.pid;
        },
        get exited() {
          return portal.exited;
        },
        /** SIGKILL, as a crash would; the instance stays down until `start`. */
        async kill() {
          portal.child.kill('SIGKILL');
          await portal.exited;
        },
        /** SIGTERM, as an orchestrator stops an instance; down until `start`. */
        async terminate() {
          const started = Date.now();
          portal.child.kill('SIGTERM');
          const code = await portal.exited;
          return { code, ms: Date.now() - started };
        },
        async start() {
          portal = await launchPortal(port);
        },
        /** Kills the instance without warning (SIGKILL), as a crash would, then starts it again. */
        async crashAndRestart() {
          await instance.kill();
          await instance.start();
        },
      };
      instances.push(instance);
      stoppers.push(async () => {
        if (portal.child.exitCode === null && portal.child.signalCode === null) portal.child.kill('SIGTERM');
        await portal.exited;
      });
    }
    const first = /** @type {PortalInstance} */ (instances[0]);

    /**
     * `npm run reminders` with the portal's settings: one reminder pass, as a cron job runs it.
     * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
     */
    const runReminders = () =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', '0'], { cwd: root, env: { ...env, KAGI_TASK: 'reminders' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
      });

    /** A script of the project's (scripts/…), run with the portal's settings, as an operator would run it. */
    const runScript = (/** @type {string} */ script, /** @type {string[]} */ args) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(root, script), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
      });

    return {
      portalUrl: portalUrl.origin,
      iam,
      idp,
      mail,
      portalKey,
      roleArn,
      /** With accounts: 'two': the accounts the portal was given (DEMO_ACCOUNTS), and the file. */
      accounts,
      accountsFile: accountsFilePath,
      instances,
      /** Resolves when an instance exits (not when the stack restarts it). */
      get portalExited() {
        return Promise.race(instances.map((i) => i.exited));
      },
      /** The first instance: SIGKILL and start again. */
      crashAndRestartPortal: () => first.crashAndRestart(),
      runReminders,
      runScript,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * @param {string} url
 * @param {Promise<unknown>} exited
 */
async function waitForPortal(url, exited) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error('the portal exited during start-up (see its output above)');
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the portal did not answer ${url} within 60 s`);
}

/** Ensures a directory for a file path exists. @param {string} file */
export function ensureDirFor(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
}
