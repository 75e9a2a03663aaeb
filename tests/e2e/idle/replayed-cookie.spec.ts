import { expect, test } from '@playwright/test';
import { signedInContext } from '../helpdesk/helpdesk-steps';
import { E2E_IDLE_STACK } from '../stack';

/**
 * The third security review replayed the cookie a sign-in had just set, 150 s later, on this
 * one-minute idle stack: it answered 200 and created an access key, because the token carried
 * next-auth's 30-day default. Every token Kagi accepts must be refused once it has been idle
 * for longer than the limit, the sign-in's and /reauth's included, whatever expiry it says.
 */
const COOKIE = 'next-auth.session-token';

/** A copy of the cookie, sent from outside the browser (no cookie jar: only this value). */
function replay(path: string, cookie: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('cookie', `${COOKIE}=${cookie}`);
  if (init.method && init.method !== 'GET') headers.set('origin', E2E_IDLE_STACK.portalOrigin);
  return fetch(`${E2E_IDLE_STACK.portalOrigin}${path}`, { ...init, headers, redirect: 'manual' });
}

test('a sign-in cookie, and the one /reauth sets, are refused once idle past the limit', async ({ browser }) => {
  test.setTimeout(180_000);
  // The cookie exactly as the sign-in set it.
  const signIn = await signedInContext(browser, 'hanako', '/');
  const signedInCookie = (await signIn.context.cookies()).find((c) => c.name === COOKIE);
  expect(signedInCookie).toBeDefined();
  // The browser's own copy ends with the idle minute too (the cookie's Max-Age)…
  expect(signedInCookie!.expires * 1000 - Date.now()).toBeLessThanOrEqual(E2E_IDLE_STACK.idleMinutes * 60_000 + 5_000);

  // …and so does the one a forced new sign-in writes.
  const { page } = signIn;
  await page.goto('/reauth?callbackUrl=%2F');
  await page.waitForURL((url) => url.pathname.startsWith('/interaction/'));
  await page.getByLabel('Username').fill('hanako');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${E2E_IDLE_STACK.portalOrigin}/`);
  const reauthCookie = (await signIn.context.cookies()).find((c) => c.name === COOKIE);
  expect(reauthCookie?.value).not.toBe(signedInCookie!.value);
  await signIn.context.close();

  // Both work while fresh (a read that renews nothing: marked as a background request).
  for (const cookie of [signedInCookie!.value, reauthCookie!.value]) {
    expect((await replay('/api/me', cookie, { headers: { 'x-kagi-background': '1' } })).status).toBe(200);
  }

  // Past the idle minute (and the 15 s allowed between instances' clocks), a copy is worth nothing.
  await new Promise((r) => setTimeout(r, E2E_IDLE_STACK.idleMinutes * 60_000 + 20_000));
  for (const cookie of [signedInCookie!.value, reauthCookie!.value]) {
    const me = await replay('/api/me', cookie);
    expect(me.status).toBe(401);
    const create = await replay('/api/me/access-keys', cookie, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(create.status).toBe(401);
    expect(await create.json()).toMatchObject({ code: 'unauthenticated' });
    // next-auth's own session route decodes with the same rule.
    expect(await (await replay('/api/auth/session', cookie)).json()).toEqual({});
    // A page sends the visitor to sign in.
    const home = await replay('/', cookie);
    expect(home.status).toBe(307);
    expect(home.headers.get('location')).toContain('/signin');
  }
});
