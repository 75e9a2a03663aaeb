// @ts-check
/**
 * Spawned detached by postgres.mjs: stops the test server and removes its directory once the
 * process that started it is gone (crash, SIGKILL, forgotten stop()).
 * Args: parent pid, pg_ctl path, data dir, temp dir, "true" to run pg_ctl via runuser.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const [parentPid, pgCtl, dataDir, tmpDir, asPostgres] = /** @type {[string, string, string, string, string]} */ (
  process.argv.slice(2)
);

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

const timer = setInterval(() => {
  // stop() already cleaned up: nothing left to guard.
  if (!fs.existsSync(tmpDir)) process.exit(0);
  if (alive(Number(parentPid))) return;
  clearInterval(timer);
  const args = ['stop', '-D', dataDir, '-m', 'immediate', '-w'];
  try {
    if (asPostgres === 'true') execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore', cwd: '/' });
    else execFileSync(pgCtl, args, { stdio: 'ignore', cwd: '/' });
  } catch {
    // Not running (paused, or initdb never finished): just remove the files.
  }
  fs.rmSync(tmpDir, { recursive: true, force: true });
  process.exit(0);
}, 1000);
