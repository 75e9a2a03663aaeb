#!/usr/bin/env node
// @ts-check
// node local/iam/cli.mjs [--port 4510] [--host 127.0.0.1] [--state FILE]
//   [--account-id 123456789012] [--extra-account-id ID]... [--accounts ID,ID]
//   [--exit-with-parent] [--verbose]
import { parseArgs } from 'node:util';
import { startLocalIam } from './server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4510' },
    host: { type: 'string', default: '127.0.0.1' },
    state: { type: 'string' },
    'account-id': { type: 'string' },
    'extra-account-id': { type: 'string', multiple: true },
    accounts: { type: 'string' },
    'exit-with-parent': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'usage: node local/iam/cli.mjs [--port 4510] [--host 127.0.0.1] [--state FILE] [--account-id ID]\n' +
      '         [--extra-account-id ID]... [--accounts ID,ID,...] [--exit-with-parent] [--verbose]\n' +
      '  --account-id: the first account (default 123456789012); --extra-account-id (repeatable) or\n' +
      '  --accounts (comma-separated): more accounts on the same endpoint, each with its own admin key\n',
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`local-iam: invalid --port ${values.port}\n`);
  process.exit(2);
}

const extra = [...(values['extra-account-id'] ?? []), ...(values.accounts?.split(',') ?? [])].map((id) => id.trim()).filter(Boolean);
for (const id of [values['account-id'], ...extra]) {
  if (id !== undefined && !/^\d{12}$/.test(id)) {
    process.stderr.write(`local-iam: an account ID is 12 digits, not ${id}\n`);
    process.exit(2);
  }
}

const iam = await startLocalIam({
  port,
  host: values.host,
  stateFile: values.state,
  accountId: values['account-id'],
  accounts: extra,
  quiet: !values.verbose,
});
process.stdout.write(`local IAM endpoint ready at ${iam.url} (admin key ${iam.adminAccessKeyId})\n`);
process.stdout.write(`admin secret: ${iam.adminSecretAccessKey}\n`);
// With several accounts, one more line each: the account and its own admin key.
if (iam.accounts.length > 1) {
  for (const a of iam.accounts) {
    process.stdout.write(`account ${a.accountId}: admin key ${a.adminAccessKeyId}, admin secret ${a.adminSecretAccessKey}\n`);
  }
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await iam.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Servers started by tests must stop by themselves when their parent dies;
// signal 0 only probes whether the process still exists.
if (values['exit-with-parent']) {
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      void stop();
    }
  }, 1000).unref();
}
