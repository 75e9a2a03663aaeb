import { expect, test, type APIRequestContext } from '@playwright/test';
import { encode, type JWT } from 'next-auth/jwt';
import { E2E_STACK } from '../stack';
import { signInAs } from '../fixtures';

const now = () => Math.floor(Date.now() / 1000);

/** A session token as Kagi would issue it for taro, with the given changes. */
async function forgeSession(changes: Partial<JWT> = {}, maxAge = 1800): Promise<string> {
  return encode({
    secret: E2E_STACK.nextAuthSecret,
    maxAge,
    token: {
      sub: 'taro',
      name: 'Taro Yamada',
      email: 'taro@example.com',
      iamUserName: 'taro',
      roles: ['user'],
      authTime: now() - 30,
      signedInAt: now() - 30,
      ...changes,
    },
  });
}

async function getWithSession(request: APIRequestContext, path: string, token: string) {
  return request.get(path, { headers: { cookie: `next-auth.session-token=${token}` } });
}

test.describe('API sessions', () => {
  test('signed out: 401 unauthenticated as problem+json, not a redirect', async ({ request }) => {
    const res = await request.get('/api/me', { maxRedirects: 0 });
    expect(res.status()).toBe(401);
    expect(res.headers()['content-type']).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  test('a well-formed session is accepted (the forged tokens below differ only in one way)', async ({ request }) => {
    const res = await getWithSession(request, '/api/me', await forgeSession());
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ iamUserName: 'taro' });
  });

  test('a tampered session cookie: 401', async ({ request }) => {
    const token = await forgeSession();
    const i = Math.floor(token.length / 2);
    const tampered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    const res = await getWithSession(request, '/api/me', tampered);
    expect(res.status()).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthenticated' });
  });

  test('a session signed with another secret: 401', async ({ request }) => {
    const token = await encode({ secret: 'some-other-secret-some-other-secret', token: { sub: 'taro', iamUserName: 'taro', roles: ['user'], signedInAt: now() } });
    expect((await getWithSession(request, '/api/me', token)).status()).toBe(401);
  });

  test('an expired (idle) session: 401', async ({ request }) => {
    const res = await getWithSession(request, '/api/me', await forgeSession({}, -60));
    expect(res.status()).toBe(401);
  });

  test('a session older than 8 hours: 401, however active', async ({ request }) => {
    const res = await getWithSession(request, '/api/me', await forgeSession({ signedInAt: now() - 8 * 3600 - 60 }));
    expect(res.status()).toBe(401);
  });

  test('a sign-in older than 5 minutes: 401 reauth-required where a recent sign-in is needed', async ({ request }) => {
    const stale = await forgeSession({ authTime: now() - 6 * 60 });
    const me = await getWithSession(request, '/api/me', stale);
    expect(me.status()).toBe(200);
    const guarded = await getWithSession(request, '/api/me/recent-sign-in', stale);
    expect(guarded.status()).toBe(401);
    expect(await guarded.json()).toMatchObject({ code: 'reauth-required' });

    const fresh = await getWithSession(request, '/api/me/recent-sign-in', await forgeSession({ authTime: now() - 60 }));
    expect(fresh.status()).toBe(200);
  });

  test('a mutation from another origin: 403 cross-origin', async ({ request }) => {
    const token = await forgeSession();
    const res = await request.post('/api/session/end', {
      headers: { cookie: `next-auth.session-token=${token}`, origin: 'https://evil.example' },
    });
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'cross-origin' });
  });
});

test.describe('sign-in redirects', () => {
  test('a callbackUrl to another site is refused: sign-in lands on Kagi', async ({ page }) => {
    await page.goto('/signin?callbackUrl=https%3A%2F%2Fevil.example%2Fsteal');
    await signInAs(page, 'taro');
    await expect(page).toHaveURL(`${E2E_STACK.portalOrigin}/`);
  });

  test('a stale sign-in is renewed by signing in again, and the person returns where they were', async ({ page, context }) => {
    // A live session at the identity provider, which alone would skip its password form.
    await page.goto('/');
    await signInAs(page, 'taro');
    await context.addCookies([
      { name: 'next-auth.session-token', value: await forgeSession({ authTime: now() - 3600 }), url: E2E_STACK.portalOrigin },
    ]);
    await page.goto('/reauth?callbackUrl=%2F%3Fstep%3Dpassword');
    // prompt=login: the identity provider asks for the password even though a session exists.
    await page.waitForURL(`${E2E_STACK.idpUrl}/interaction/**`);
    await page.getByLabel('Username').fill('taro');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${E2E_STACK.portalOrigin}/?step=password`);
    const fresh = await page.request.get('/api/me/recent-sign-in');
    expect(fresh.status()).toBe(200);
  });
});
