// @ts-check
// `npm run sign-in-link -- release <iam user> <ticket> [--account <ID>]`: an administrator releases the pin between
// an IAM user and the company sign-in that holds it, so that the next sign-in claiming the user
// gets it. The portal's own build and settings do the work (KAGI_TASK, lib/startup.ts), with one
// audit entry under the ticket; run it where the portal runs, with the portal's environment.

import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
// With several accounts: `--account <12-digit ID>` names the account of the pin (default: Kagi's own).
const at = args.indexOf('--account');
const account = at >= 0 ? args.splice(at, 2)[1] : undefined;
const [command, userName, ticket] = args;
if (command !== 'release' || !userName || !ticket || (at >= 0 && !/^\d{12}$/.test(account ?? ''))) {
  console.error('usage: npm run sign-in-link -- release <iam user> <ticket> [--account <12-digit account ID>]');
  process.exit(1);
}
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', '0'], {
  cwd: path.resolve(import.meta.dirname, '..'),
  env: { ...process.env, KAGI_TASK: 'release-sign-in-link', KAGI_TASK_IAM_USER: userName, KAGI_TASK_TICKET: ticket, KAGI_TASK_OPERATOR: os.userInfo().username, ...(account ? { KAGI_TASK_ACCOUNT: account } : {}) },
  stdio: ['ignore', 'inherit', 'inherit'],
});
child.once('exit', (code) => process.exit(code ?? 1));
