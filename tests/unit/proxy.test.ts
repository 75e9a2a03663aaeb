import fs from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const SECRET = 'unit-test-secret-unit-test-secret-0123';
vi.mock('@/lib/config', () => ({
  config: () => ({ NEXTAUTH_SECRET: 'unit-test-secret-unit-test-secret-0123', NEXTAUTH_URL: 'http://127.0.0.1:3000', SESSION_IDLE_MINUTES: 30 }),
}));

const { proxy, config } = await import('@/proxy');
const nextConfig = (await import('@/next.config.mjs')).default as { experimental?: { proxyClientMaxBodySize?: number } };
const { MAX_BODY_BYTES } = await import('@/lib/http/body-limit');

const origin = 'http://127.0.0.1:3000';
const now = () => Math.floor(Date.now() / 1000);

/** A session cookie issued (or last renewed) `age` seconds ago: encode() stamps the time itself. */
async function cookie(age = 120): Promise<string> {
  const signedInAt = now() - 3600;
  vi.setSystemTime(Date.now() - age * 1000);
  try {
    const token = await encode({ secret: SECRET, maxAge: 1800, token: { sub: 'sato', iamUserName: 'sato', roles: ['user', 'helpdesk'], signedInAt, authTime: signedInAt } });
    return `next-auth.session-token=${token}`;
  } finally {
    vi.useRealTimers();
  }
}

type Init = NonNullable<ConstructorParameters<typeof NextRequest>[1]>;

function request(pathname: string, init: Init = {}): NextRequest {
  return new NextRequest(`${origin}${pathname}`, init);
}

/** Whether the proxy let the request through to the page or route (rather than answering itself). */
const passedOn = (response: Response) => response.headers.get('x-middleware-next') === '1';

function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const n = Math.min(4096, left);
      left -= n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}

describe('the proxy matcher', () => {
  const matcher = new RegExp(`^${config.matcher[0]}$`);

  it.each([
    '/',
    '/keys',
    '/helpdesk/jiro.tanaka',
    '/helpdesk/a.b.c',
    '/api/helpdesk/users/jiro.tanaka',
    '/api/helpdesk/users/jiro.tanaka/cases',
    '/api/me.json',
    '/favicon.ico',
    '/helpdesk/%E0%A4%A.x',
  ])('runs for every page and API path, dotted or not: %s', (pathname) => {
    expect(matcher.test(pathname)).toBe(true);
  });

  it.each(['/_next/static/chunks/main.js', '/_next/static/css/app.css', '/_next/image', '/robots.txt'])('leaves out what Next or public/ serves as a file: %s', (pathname) => {
    expect(matcher.test(pathname)).toBe(false);
  });

  it('leaves out only files that exist in public/, and all of them', () => {
    const named = [...config.matcher[0]!.matchAll(/\|([\w-]+(?:\\\.[\w-]+)+)\$/g)].map((m) => m[1]!.replaceAll('\\.', '.'));
    expect(named.length).toBeGreaterThan(0);
    for (const file of named) expect(fs.existsSync(path.join('public', file)), file).toBe(true);
    for (const file of fs.readdirSync('public')) expect(matcher.test(`/${file}`), file).toBe(false);
  });
});

describe('proxy', () => {
  it('a dotted page path gets the CSP and the other security headers', async () => {
    const response = await proxy(request('/helpdesk/jiro.tanaka', { headers: { cookie: await cookie() } }));
    expect(passedOn(response)).toBe(true);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('overwrites an x-kagi-path the client sent with the real path', async () => {
    const response = await proxy(request('/helpdesk/jiro.tanaka?tab=keys', { headers: { cookie: await cookie(), 'x-kagi-path': '/evil' } }));
    expect(response.headers.get('x-middleware-request-x-kagi-path')).toBe('/helpdesk/jiro.tanaka?tab=keys');
    const api = await proxy(request('/api/me', { headers: { cookie: await cookie(), 'x-kagi-path': '//evil.example' } }));
    expect(api.headers.get('x-middleware-request-x-kagi-path')).toBe('/api/me');
  });

  it('sends a signed-out visitor of a dotted page to sign-in and back there, not to a forged path', async () => {
    const response = await proxy(request('/helpdesk/jiro.tanaka', { headers: { 'x-kagi-path': '/evil' } }));
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get('location')!).searchParams.get('callbackUrl')).toBe('/helpdesk/jiro.tanaka');
  });

  it('refuses malformed percent-encoding with a dotted suffix: 400, problem+json for the API', async () => {
    const page = await proxy(request('/helpdesk/%E0%A4%A.x'));
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(page.headers.get('permissions-policy')).toContain('camera=()');
    const api = await proxy(request('/api/helpdesk/users/%E0%A4%A.x'));
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    expect(await api.json()).toMatchObject({ code: 'invalid-input', status: 400 });
  });

  it('refuses a body whose Content-Length is over the limit, without reading it', async () => {
    const body = streamOf(60 * 1024 * 1024);
    const response = await proxy(
      request('/api/me/console-password', {
        method: 'PUT',
        headers: { cookie: await cookie(), 'content-length': String(60 * 1024 * 1024), 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as Init),
    );
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'body-too-large', status: 413 });
    expect(body.locked).toBe(false);
  });

  it('counts a body without Content-Length: one byte over is refused, the limit itself goes through', async () => {
    const send = async (bytes: number) =>
      proxy(request('/api/me/console-password', { method: 'PUT', headers: { cookie: await cookie(), 'content-type': 'application/json' }, body: streamOf(bytes), duplex: 'half' } as Init));
    const over = await send(MAX_BODY_BYTES + 1);
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ code: 'body-too-large' });
    expect((await send(60 * 1024 * 1024)).status).toBe(413);
    expect(passedOn(await send(MAX_BODY_BYTES))).toBe(true);
  });

  it("Next's copies of a body stay small, yet long enough for the count (next.config.mjs)", () => {
    const buffered = nextConfig.experimental?.proxyClientMaxBodySize;
    expect(buffered).toBeDefined();
    // A cut copy is at least this long minus one socket read (64 KiB): still over the limit.
    expect(buffered!).toBeGreaterThanOrEqual(MAX_BODY_BYTES + 64 * 1024);
    expect(buffered!).toBeLessThanOrEqual(1024 * 1024);
  });

  describe('renewing the idle timeout', () => {
    const renews = (response: Response) => response.headers.getSetCookie().some((c) => c.startsWith('next-auth.session-token='));

    it('on what the person does: a page, an API call', async () => {
      expect(renews(await proxy(request('/keys', { headers: { cookie: await cookie() } })))).toBe(true);
      expect(renews(await proxy(request('/api/me/access-keys', { headers: { cookie: await cookie() } })))).toBe(true);
    });

    it('not on a background poll or a browser prefetch', async () => {
      expect(renews(await proxy(request('/api/me/guided-session', { headers: { cookie: await cookie(), 'x-kagi-background': '1' } })))).toBe(false);
      expect(renews(await proxy(request('/password', { headers: { cookie: await cookie(), 'sec-purpose': 'prefetch' } })))).toBe(false);
    });

    it('at most once a minute', async () => {
      expect(renews(await proxy(request('/keys', { headers: { cookie: await cookie(30) } })))).toBe(false);
    });
  });
});
