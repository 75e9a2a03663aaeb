// @ts-check
// `npm run sign-in-link -- release <iam user> <ticket>`: an administrator releases the pin between
// an IAM user and the company sign-in that holds it, so that the next sign-in claiming the user
// gets it. The portal's own build and settings do the work (KAGI_TASK, lib/startup.ts), with one
// audit entry under the ticket; run it where the portal runs, with the portal's environment.

import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const [command, userName, ticket] = process.argv.slice(2);
if (command !== 'release' || !userName || !ticket) {
  console.error('usage: npm run sign-in-link -- release <iam user> <ticket>');
  process.exit(1);
}
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', '0'], {
  cwd: path.resolve(import.meta.dirname, '..'),
  env: { ...process.env, KAGI_TASK: 'release-sign-in-link', KAGI_TASK_IAM_USER: userName, KAGI_TASK_TICKET: ticket, KAGI_TASK_OPERATOR: os.userInfo().username },
  stdio: ['ignore', 'inherit', 'inherit'],
});
child.once('exit', (code) => process.exit(code ?? 1));
