// `node local/iam/cli.mjs`: the standalone server used by `npm run local:iam`, Playwright and the demo.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { adminClient, makeStateDir, rawRequest, removeStateDir, sleep } from '@/tests/support/local-iam';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(ROOT, 'local/iam/cli.mjs');
const READY = /local IAM endpoint ready at (http:\/\/127\.0\.0\.1:(\d+))/;

const started: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const dir of dirs) await removeStateDir(dir);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns the CLI and resolves with its URL once it prints the ready line. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; port: number; output: () => string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI not ready after 10 s; output:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match?.[1] && match[2]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], port: Number(match[2]), output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code} before it was ready; output:\n${output}`));
    });
  });
}

function exited(child: ChildProcess, withinMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${withinMs} ms`)), withinMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('local/iam/cli.mjs', () => {
  it('listens on --port, prints the ready line with the admin key, serves the SDK, stops on SIGTERM', async () => {
    const port = await freePort();
    const cli = await startCli(['--port', String(port)]);
    expect(cli.port).toBe(port);
    expect(cli.output()).toContain('(admin key AKIAKAGILOCALADMIN00');
    const health = await rawRequest(`${cli.url}/_local/health`, { method: 'GET' });
    expect(health.status).toBe(200);
    const admin = adminClient(cli.url);
    await admin.send(new CreateUserCommand({ UserName: 'cli-user' }));
    const { User } = await admin.send(new GetUserCommand({ UserName: 'cli-user' }));
    expect(User?.UserName).toBe('cli-user');
    cli.child.kill('SIGTERM');
    expect(await exited(cli.child, 5000)).toBe(0);
  });

  it('--state keeps users across restarts', async () => {
    const { dir, stateFile } = await makeStateDir();
    dirs.push(dir);
    const first = await startCli(['--port', String(await freePort()), '--state', stateFile]);
    await adminClient(first.url).send(new CreateUserCommand({ UserName: 'kept' }));
    first.child.kill('SIGTERM');
    await exited(first.child, 5000);
    const second = await startCli(['--port', String(await freePort()), '--state', stateFile]);
    const { User } = await adminClient(second.url).send(new GetUserCommand({ UserName: 'kept' }));
    expect(User?.UserName).toBe('kept');
    second.child.kill('SIGTERM');
    await exited(second.child, 5000);
  });

  it('--exit-with-parent stops the server when its parent process dies', async () => {
    const port = await freePort();
    // an intermediate parent that starts the CLI, reports its pid, then waits to be killed
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, [${JSON.stringify(CLI)}, '--port', '${port}', '--exit-with-parent'], { stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.on('data', (d) => { if (String(d).includes('ready at')) process.stdout.write('CHILD ' + child.pid + '\\n'); });
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(parent);
    const childPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('CLI under the parent not ready in 10 s')), 10_000);
      let out = '';
      parent.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /CHILD (\d+)/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    const health = await rawRequest(`http://127.0.0.1:${port}/_local/health`, { method: 'GET' });
    expect(health.status).toBe(200);

    parent.kill('SIGKILL');
    const alive = () => {
      try {
        process.kill(childPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 6000;
    while (alive() && Date.now() < deadline) await sleep(200);
    const stillAlive = alive();
    if (stillAlive) process.kill(childPid, 'SIGKILL');
    expect(stillAlive, `CLI pid ${childPid} outlived its parent`).toBe(false);
  });
});
