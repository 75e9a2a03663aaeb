import 'server-only';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/lib/app-error';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { BODY_TIMEOUT_MS } from './body-limit';
import { problemResponse } from './problem';
import { securityHeaders } from './security-headers';

/**
 * A request that declares a body (Content-Length, or chunked) and does not send it all within
 * BODY_TIMEOUT_MS is answered 408 `request-timeout` and its connection closed.
 *
 * This has to happen below Next: for every request with a body, Next gives proxy.ts a copy and
 * then waits for the original to end before it goes on (its `finalize()`), whatever proxy.ts
 * answered, so neither proxy.ts nor a route ever gets to refuse a body that never comes; Node
 * itself would hold it for its requestTimeout (5 minutes). Node publishes every request it
 * starts on the `http.server.request.start` diagnostics channel, with the request and the
 * response, which is how Kagi sees them without a server of its own.
 *
 * readBodyBytes (body-limit.ts) has the same limit for what proxy.ts and the routes read.
 */
const INSTALLED = Symbol.for('kagi.bodyDeadline');

export function declaresBody(headers: IncomingMessage['headers']): boolean {
  const length = headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return headers['transfer-encoding'] !== undefined;
}

export function installBodyDeadline(timeoutMs = BODY_TIMEOUT_MS): void {
  const marks = globalThis as { [INSTALLED]?: true };
  if (marks[INSTALLED]) return;
  marks[INSTALLED] = true;
  diagnosticsChannel.subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (!declaresBody(request.headers)) return;
    const timer = setTimeout(() => giveUp(request, response), timeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    request.once('end', clear);
    request.once('close', clear);
    response.once('close', clear);
  });
}

function giveUp(request: IncomingMessage, response: ServerResponse): void {
  // All of it came (nobody may have read it yet): nothing is held.
  if (request.complete) return;
  const path = (request.url ?? '/').split('?')[0];
  log.warn({ type: 'request', method: request.method, path, status: 408 }, 'request body did not arrive in time');
  const socket = request.socket;
  if (response.headersSent) {
    socket.destroy();
    return;
  }
  void answer(request, response).finally(() => {
    // Whatever Next still waits for ends with the connection.
    setTimeout(() => socket.destroy(), 1_000).unref();
  });
}

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const error = new AppError('request-timeout');
  const api = (request.url ?? '').startsWith('/api/');
  const problem = api ? problemResponse(error, crypto.randomUUID()) : null;
  const body = problem ? await problem.text() : error.title;
  const headers: Record<string, string> = {
    ...securityHeaders({ https: config().NEXTAUTH_URL.startsWith('https://') }),
    'Content-Type': problem ? 'application/problem+json' : 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  if (response.headersSent) return;
  response.writeHead(408, headers);
  response.end(body);
}
