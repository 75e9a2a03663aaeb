import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * A request that declares a body and never sends it (or stops half-way through a chunked one)
 * is answered within seconds, not held: the real portal, over a raw socket, as a slowloris
 * client would do it.
 */
let stack: PortalStack;
let cookie: string;

beforeAll(async () => {
  stack = await startPortalStack();
  cookie = await stack.cookieFor('taro');
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

interface Outcome {
  /** What came back before the connection closed or the wait ended. */
  answer: string;
  closed: boolean;
  ms: number;
}

/** Sends `head` (and `then`, if any) and waits up to `waitMs` for an answer or a close. */
function stall(head: string, then: string | null, waitMs: number): Promise<Outcome> {
  const { hostname, port } = new URL(stack.origin);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    let answer = '';
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ answer, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('connect', () => {
      socket.write(head);
      if (then) socket.write(then);
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      // A whole answer (headers and a problem+json body) is enough.
      if (/\r\n\r\n[\s\S]*\}/.test(answer) || /\r\n0\r\n\r\n$/.test(answer)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

const host = () => new URL(stack.origin).host;
const headers = (path: string, more: string[]) =>
  [`POST ${path} HTTP/1.1`, `Host: ${host()}`, `Origin: ${stack.origin}`, `Cookie: ${cookie}`, 'Content-Type: application/json', ...more, '', ''].join('\r\n');

describe('a body that never comes', () => {
  it.each(['/api/me/access-keys', '/api/session/end'])(
    'Content-Length: 100 and no body on %s: 408 request-timeout (or closed) within 15 s',
    async (path) => {
      const outcome = await stall(headers(path, ['Content-Length: 100']), null, 20_000);
      expect(outcome.ms).toBeLessThan(15_000);
      expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(outcome.answer).toMatch(/content-type: application\/problem\+json/i);
      expect(outcome.answer).toMatch(/connection: close/i);
      expect(outcome.answer).toContain('"code":"request-timeout"');
      // Nothing was done, and the portal serves the next request.
      expect((await stack.call(null, '/api/health')).status).toBe(200);
    },
    30_000,
  );

  it('a chunked body that stops after its first chunk: answered or closed within 15 s', async () => {
    const outcome = await stall(headers('/api/me/access-keys', ['Transfer-Encoding: chunked']), '5\r\n{"des\r\n', 20_000);
    expect(outcome.ms).toBeLessThan(15_000);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.answer).toContain('"code":"request-timeout"');
    expect((await stack.call('taro', '/api/me/access-keys')).status).toBe(200);
  }, 30_000);

  it('a body that comes, slowly but whole, within the time is still served', async () => {
    const body = JSON.stringify({ description: 'slow but fine' });
    const { hostname, port } = new URL(stack.origin);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(headers('/api/me/access-keys', [`Content-Length: ${body.length}`, 'Connection: close']));
        setTimeout(() => socket.write(body.slice(0, 10)), 500);
        setTimeout(() => socket.write(body.slice(10)), 1_500);
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(answer).toContain('slow but fine');
  }, 30_000);
});
