// @ts-check
/**
 * A throwaway PostgreSQL server from Debian's `postgresql` package, for tests: its own data
 * directory under the temp dir, 127.0.0.1 only, no system service. A detached watchdog stops it
 * if this process dies without calling stop().
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.mjs';

const execFileAsync = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

/**
 * @typedef {{
 *   url: string, port: number, socketDir: string, dataDir: string,
 *   createDatabase(name?: string): Promise<string>,
 *   stop(): Promise<void>, pause(): Promise<void>, resume(): Promise<void>,
 * }} Postgres
 */

/** The bin directory of the newest installed major version. */
function findBinDir() {
  const versions = fs.existsSync(PG_ROOT)
    ? fs.readdirSync(PG_ROOT).filter((v) => fs.existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) {
    throw new Error(`No PostgreSQL under ${PG_ROOT}: install Debian's postgresql package: apt-get install -y postgresql`);
  }
  return path.join(PG_ROOT, versions[0], 'bin');
}

/**
 * Runs a PostgreSQL tool, as the postgres user when we are root (initdb and pg_ctl refuse root).
 * cwd is / because the postgres user may not be able to read ours.
 * @param {boolean} asPostgres
 * @param {string} bin
 * @param {string[]} args
 */
async function run(asPostgres, bin, args) {
  const [file, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    await execFileAsync(file, argv, { cwd: '/' });
  } catch (error) {
    const e = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
    throw new Error(`${path.basename(bin)} ${args.join(' ')} failed:\n${output || e.message}`);
  }
}

/** @param {{ fsync?: boolean }} [options] @returns {Promise<Postgres>} */
export async function startPostgres(options = {}) {
  const binDir = findBinDir();
  const pgCtl = path.join(binDir, 'pg_ctl');
  const asPostgres = process.getuid?.() === 0;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-pg-'));
  const dataDir = path.join(tmpDir, 'data');
  const socketDir = tmpDir;
  const logFile = path.join(tmpDir, 'postgres.log');
  if (asPostgres) {
    const id = (/** @type {string} */ flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(tmpDir, id('-u'), id('-g'));
  }

  // Started before initdb so that even a failed start leaves nothing behind.
  const watchdog = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'postgres-watchdog.mjs'), String(process.pid), pgCtl, dataDir, tmpDir, String(asPostgres)],
    { detached: true, stdio: 'ignore', cwd: '/' },
  );
  watchdog.unref();

  const port = await freePort();
  const durability = options.fsync ? [] : ['-c fsync=off -c synchronous_commit=off -c full_page_writes=off'];
  const serverOptions = [`-p ${port} -k '${socketDir}' -c listen_addresses=127.0.0.1 -c max_connections=200`, ...durability];
  const start = () => run(asPostgres, pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-o', serverOptions.join(' '), 'start']);
  const url = `postgres://kagi@127.0.0.1:${port}/postgres`;

  /** @type {Promise<void> | undefined} */
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      // Fails when paused (nothing running); removing the directory is what matters then.
      await run(asPostgres, pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']).catch(() => {});
      fs.rmSync(tmpDir, { recursive: true, force: true });
    })());

  try {
    // --no-sync: the cluster is thrown away, so flushing it to disk only costs time.
    const initdbArgs = ['-D', dataDir, '-A', 'trust', '-U', 'kagi', '--encoding=UTF8', '--locale=C'];
    await run(asPostgres, path.join(binDir, 'initdb'), options.fsync ? initdbArgs : [...initdbArgs, '--no-sync']);
    await start();
  } catch (error) {
    const log = fs.existsSync(logFile) ? `\nserver log:\n${fs.readFileSync(logFile, 'utf8')}` : '';
    await stop();
    throw new Error(`${/** @type {Error} */ (error).message}${log}`);
  }

  return {
    url,
    port,
    socketDir,
    dataDir,
    async createDatabase(name = `kagi_${randomBytes(4).toString('hex')}`) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return `postgres://kagi@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    stop,
    // A fast shutdown: the server is gone, as when the database goes away under the app.
    pause: () => run(asPostgres, pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w']),
    resume: start,
  };
}
