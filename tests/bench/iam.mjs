// Benchmark for the local IAM endpoint: ListAccessKeys through the official SDK.
//
//   npm run bench:iam                               # starts the server in-process
//   npm run bench:iam -- --url http://127.0.0.1:4510 --access-key-id AKIA… --secret …
//   options: --serial N (default 2000)  --parallel N (default 10000)  --concurrency N (default 32)
//
// Creates a user with 2 access keys, warms up, then measures at concurrency 1 and 32 and prints
// p50 / p99 latency (ms) and requests per second for each, plus the goal line.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const GOAL_P50_MS = 5;

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    'access-key-id': { type: 'string' },
    secret: { type: 'string' },
    serial: { type: 'string', default: '2000' },
    parallel: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '300' },
  },
});

const positiveInt = (name) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};

async function main() {
  const serialCalls = positiveInt('serial');
  const parallelCalls = positiveInt('parallel');
  const concurrency = positiveInt('concurrency');
  const warmupCalls = positiveInt('warmup');

  let server;
  let url = args.url;
  let accessKeyId = args['access-key-id'];
  let secretAccessKey = args.secret;
  if (!url) {
    const { startLocalIam } = await import('../../local/iam/server.mjs');
    server = await startLocalIam({ port: 0, quiet: true });
    url = server.url;
    accessKeyId = server.adminAccessKeyId;
    secretAccessKey = server.adminSecretAccessKey;
  } else if (!accessKeyId || !secretAccessKey) {
    const defaults = await import('../../local/iam/server.mjs');
    accessKeyId ??= defaults.DEFAULT_ADMIN_ACCESS_KEY_ID;
    secretAccessKey ??= defaults.DEFAULT_ADMIN_SECRET_ACCESS_KEY;
  }

  const client = new IAMClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });

  const userName = `bench-${process.pid}-${Date.now()}`;
  await client.send(new CreateUserCommand({ UserName: userName }));
  const keyIds = [];
  for (let i = 0; i < 2; i += 1) {
    const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: userName }));
    keyIds.push(AccessKey.AccessKeyId);
  }
  const command = () => new ListAccessKeysCommand({ UserName: userName });

  const check = (result) => {
    if (result.AccessKeyMetadata?.length !== 2) {
      throw new Error(`ListAccessKeys returned ${result.AccessKeyMetadata?.length} keys, expected 2`);
    }
  };

  console.log(`local IAM benchmark against ${url}${server ? ' (in-process server)' : ''}`);
  console.log(`node ${process.version}; ListAccessKeys for a user with 2 keys via @aws-sdk/client-iam`);

  try {
    // warm up: JIT, sockets, SDK middleware caches
    await run(client, command, check, warmupCalls, Math.min(concurrency, 8));

    const serial = await run(client, command, check, serialCalls, 1);
    const parallel = await run(client, command, check, parallelCalls, concurrency);

    console.log('');
    report(`concurrency 1  (${serialCalls} calls)`, serial);
    report(`concurrency ${concurrency} (${parallelCalls} calls)`, parallel);
    console.log('');
    const pass = serial.p50 < GOAL_P50_MS;
    console.log(
      `goal: p50 < ${GOAL_P50_MS} ms at concurrency 1 — ${pass ? 'PASS' : 'MISS'} (p50 ${serial.p50.toFixed(2)} ms)`,
    );
  } finally {
    for (const id of keyIds) {
      await client.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: id })).catch(() => {});
    }
    await client.send(new DeleteUserCommand({ UserName: userName })).catch(() => {});
    client.destroy();
    await server?.close();
  }
}

/** Sends `total` commands with `concurrency` in flight; returns latency percentiles and throughput. */
async function run(client, makeCommand, check, total, concurrency) {
  const latencies = new Float64Array(total);
  let next = 0;
  let errors = 0;
  const worker = async () => {
    for (;;) {
      const i = next;
      next += 1;
      if (i >= total) return;
      const start = performance.now();
      try {
        check(await client.send(makeCommand()));
      } catch (error) {
        errors += 1;
        if (errors === 1) console.error(`first error: ${error?.name}: ${error?.message}`);
      }
      latencies[i] = performance.now() - start;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return {
    total,
    errors,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    rps: total / (elapsed / 1000),
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function report(label, r) {
  console.log(
    `${label.padEnd(28)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   ` +
      `${r.rps.toFixed(0).padStart(6)} req/s${r.errors ? `   errors ${r.errors}` : ''}`,
  );
  if (r.errors) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
