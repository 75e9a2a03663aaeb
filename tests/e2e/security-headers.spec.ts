import { CreateUserCommand, DeleteUserCommand } from '@aws-sdk/client-iam';
import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures';
import { adminIam } from './stack';

test.describe('security headers', () => {
  test('pages carry a nonce-based CSP that Next’s scripts satisfy, with no violations', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });

    const response = await page.goto('/signin');
    const headers = response!.headers();
    const csp = headers['content-security-policy']!;
    expect(csp).toBeTruthy();
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))!;
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['permissions-policy']).toContain('camera=()');
    // Served over plain http here: no HSTS (it would be meaningless and is ignored by browsers).
    expect(headers['strict-transport-security']).toBeUndefined();

    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
    const scriptNonces = await page.locator('script').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    for (const n of scriptNonces) expect(n).toBe(nonce);

    // The nonce is fresh on every load.
    const again = (await page.reload())!.headers()['content-security-policy'];
    expect(again).not.toBe(csp);

    // Signing in and using a page works under the policy: hydration ran, nothing was refused.
    await signInAs(page, 'taro');
    await expect(page.getByTestId('person-name')).toBeVisible();
    await page.getByLabel('Language').selectOption('ja');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await page.getByLabel('言語').selectOption('en');
    expect(violations).toEqual([]);
  });

  test('a page whose path has a dot (jiro.tanaka, an IAM user name) gets the same headers, and its scripts run', async ({ page, request }) => {
    await adminIam().send(new CreateUserCommand({ UserName: 'jiro.tanaka', Path: '/staff/' }));
    try {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      await page.goto('/helpdesk/jiro.tanaka');
      await signInAs(page, 'sato');
      const response = (await page.reload())!;
      expect(new URL(page.url()).pathname).toBe('/helpdesk/jiro.tanaka');
      const headers = response.headers();
      expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(headers['permissions-policy']).toContain('camera=()');
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      await expect(page.getByRole('heading', { name: 'Helping jiro.tanaka', level: 1 })).toBeVisible();
      const nonce = /'nonce-([^']+)'/.exec(headers['content-security-policy']!)![1];
      for (const n of await page.locator('script').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce))) expect(n).toBe(nonce);
      // Hydrated under the policy: the language switch works.
      await page.getByLabel('Language').selectOption('ja');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
      await page.getByLabel('言語').selectOption('en');
      expect(violations).toEqual([]);

      // Malformed percent-encoding with a dotted suffix: a plain 400 with the headers, not a bare 500.
      const bad = await page.request.get('/helpdesk/%E0%A4%A.x');
      expect(bad.status()).toBe(400);
      expect(bad.headers()['permissions-policy']).toContain('camera=()');
      const badApi = await page.request.get('/api/helpdesk/users/%E0%A4%A.x');
      expect(badApi.status()).toBe(400);
      expect(await badApi.json()).toMatchObject({ code: 'invalid-input' });

      // Signed out, with a forged x-kagi-path: sign-in leads back to the real path.
      const signedOut = await request.get('/helpdesk/jiro.tanaka', { headers: { 'x-kagi-path': '/evil' }, maxRedirects: 0 });
      expect(signedOut.status()).toBe(307);
      expect(new URL(signedOut.headers()['location']!, 'http://x').searchParams.get('callbackUrl')).toBe('/helpdesk/jiro.tanaka');
    } finally {
      await adminIam().send(new DeleteUserCommand({ UserName: 'jiro.tanaka' }));
    }
  });

  test('the session cookie is HttpOnly and SameSite=Lax', async ({ page, context }) => {
    await page.goto('/');
    await signInAs(page, 'taro');
    const session = (await context.cookies()).find((c) => c.name === 'next-auth.session-token');
    expect(session).toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe('Lax');
  });

  test('API answers are never cached and never sniffed', async ({ request }) => {
    const res = await request.get('/api/me');
    expect(res.headers()['cache-control']).toMatch(/^no-store\b/);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['x-frame-options']).toBe('DENY');
  });
});
