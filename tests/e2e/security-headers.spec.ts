import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures';

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
