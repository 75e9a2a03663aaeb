/**
 * Graceful shutdown on SIGTERM (and SIGINT). `next start` (Next 16.4, server/lib/start-server.js)
 * already handles both: it stops listening, waits until every open connection has ended, then
 * calls process.exit(143) (SIGINT: 130). That leaves three gaps, filled here:
 *
 * - Keep-alive connections. Node's server.close() closes only the connections idle at that
 *   moment; a busy client keeps its connection and sends request after request on it, so the
 *   server never finishes closing while the load lasts. While stopping, every answer says
 *   `Connection: close` (proxy.ts, lib/http/route.ts): each connection ends after one answer.
 * - No time limit. A hung request would keep the process alive for ever; after
 *   HARD_LIMIT_MS it exits anyway, as orchestrators expect (Kubernetes waits 30 s by default).
 * - Nothing runs between the last answer and process.exit, so audit outcomes still being
 *   retried and the database pool would be cut off. Next's exit is deferred until they are
 *   written (or given up on) and the database is closed.
 *
 * No `server-only` and no imports: proxy.ts uses it too. The state is on globalThis because
 * Next bundles instrumentation.ts, proxy.ts and the routes apart, so this module may be loaded
 * several times in one process and every copy must see the same shutdown.
 */

/** A line in the same JSON shape as lib/log's (which this module may not import: see above). */
function logLine(level: 'info' | 'warn', msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), service: 'kagi', type: 'shutdown', ...fields, msg })}\n`);
}

/** Well within the 10 s a load balancer or orchestrator is usually given to drain an instance. */
const HARD_LIMIT_MS = 9_000;
/** Audit outcomes are retried until then, leaving time to close the database. */
const FLUSH_UNTIL_MS = 7_500;

interface ShutdownState {
  stopping: boolean;
  startedAt: number;
  installed: boolean;
  /** Work that must be done before exit (audit outcomes not yet written); each try resolves true when done. */
  pending: Set<() => Promise<boolean>>;
  /** Run last, e.g. closing the database pool (one per bundled copy of lib/db). */
  closers: Set<() => Promise<void>>;
}

function state(): ShutdownState {
  const slot = globalThis as { [key: symbol]: ShutdownState | undefined };
  const key = Symbol.for('kagi.shutdown');
  slot[key] ??= { stopping: false, startedAt: 0, installed: false, pending: new Set(), closers: new Set() };
  return slot[key];
}

/** True once SIGTERM or SIGINT has been received: answers should close their connection. */
export function isStopping(): boolean {
  return state().stopping;
}

/**
 * Registers work that has to be finished before the process exits. `tryOnce` resolves true
 * when the work is done; at shutdown it is tried again until then or until time runs out.
 * Returns a function that removes it (call it when the work got done by other means).
 */
export function mustFinishBeforeExit(tryOnce: () => Promise<boolean>): () => void {
  const { pending } = state();
  pending.add(tryOnce);
  return () => pending.delete(tryOnce);
}

/** Runs at the very end of a shutdown, after the last answer and the pending work. */
export function onShutdown(close: () => Promise<void>): void {
  state().closers.add(close);
}

/** Installs the signal handlers once per process (instrumentation.ts, via lib/startup). */
export function installShutdownHandlers(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  process.once('SIGTERM', () => beginShutdown('SIGTERM'));
  process.once('SIGINT', () => beginShutdown('SIGINT'));
}

function beginShutdown(signal: string): void {
  const s = state();
  if (s.stopping) return;
  s.stopping = true;
  s.startedAt = Date.now();
  logLine('info', 'no new connections; finishing the requests in flight, then stopping', { signal });

  const exit = process.exit.bind(process);
  // Next's own handler (registered first) is already closing the server; when it is done it
  // calls process.exit, which waits here for the audit outcomes and the database.
  let finishing: Promise<void> | undefined;
  process.exit = ((code?: number) => {
    finishing ??= finishShutdown().finally(() => {
      logLine('info', 'stopped', { signal, afterMs: Date.now() - s.startedAt });
      exit(code);
    });
  }) as typeof process.exit;

  setTimeout(() => {
    logLine('warn', 'still not stopped (a request or the database hangs): exiting anyway', { signal, afterMs: HARD_LIMIT_MS });
    exit(1);
  }, HARD_LIMIT_MS).unref();
}

async function finishShutdown(): Promise<void> {
  const s = state();
  const until = s.startedAt + FLUSH_UNTIL_MS;
  while (s.pending.size > 0 && Date.now() < until) {
    for (const tryOnce of [...s.pending]) {
      if (await tryOnce().catch(() => false)) s.pending.delete(tryOnce);
    }
    if (s.pending.size > 0) await new Promise((r) => setTimeout(r, 250));
  }
  if (s.pending.size > 0) {
    // They stay pending under this instance; a live instance resolves them once it is taken for dead.
    logLine('warn', 'audit outcomes could not be written before stopping', { pending: s.pending.size });
  }
  for (const close of s.closers) {
    await close().catch((error: unknown) => logLine('warn', 'closing on shutdown failed', { error: error instanceof Error ? error.message : String(error) }));
  }
}
