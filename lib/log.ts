import pino from 'pino';

/**
 * Kagi's one logger: JSON lines on stdout, for an organisation's log platform. Callers pass
 * only what is safe to keep: request IDs, route patterns, statuses, IAM user names, audit
 * actions and outcomes, error codes. Never a secret, password, code, cookie or request body —
 * there is no serializer for request objects, so none can slip in by accident.
 *
 * Kept on globalThis: Next bundles instrumentation.ts apart from the routes, and one process
 * should have one stream to stdout.
 */
function processLogger(): pino.Logger {
  const slot = globalThis as { [key: symbol]: pino.Logger | undefined };
  const key = Symbol.for('kagi.log');
  slot[key] ??= pino({
    base: { service: 'kagi' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
  return slot[key];
}

export const log = processLogger();

/** An error as one line of text: its name and message, never a stack (nor what the request carried). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
