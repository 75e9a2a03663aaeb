import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { encode, type JWT } from 'next-auth/jwt';
import { IAM_SYMBOLS } from '@/lib/credentials/password-policy';
import { openSignedIn } from '../fixtures';
import { E2E_STACK } from '../stack';
import { provePasswordInIam, putKnownPassword, uniquePassword } from './iam-password';

// taro's console password is shared state: these run one at a time, and each test first puts a
// password it knows in place (through IAM's admin API), so re-runs do not depend on each other.
test.describe.configure({ mode: 'serial' });

const now = () => Math.floor(Date.now() / 1000);

/** taro's session as Kagi issues it, but with the last real sign-in `age` seconds ago. */
async function sessionSignedInAgo(age: number): Promise<string> {
  const token: JWT = {
    sub: 'taro',
    name: 'Taro Yamada',
    email: 'taro@example.com',
    iamUserName: 'taro',
    roles: ['user'],
    authTime: now() - age,
    signedInAt: now(),
  };
  return encode({ secret: E2E_STACK.nextAuthSecret, maxAge: 1800, token });
}

async function useStaleSignIn(page: Page): Promise<void> {
  await page.context().addCookies([{ name: 'next-auth.session-token', value: await sessionSignedInAgo(600), url: E2E_STACK.portalOrigin }]);
}

const newField = (page: Page) => page.getByLabel('New password', { exact: true });
const confirmField = (page: Page) => page.getByLabel('Type it again');
const submitButton = (page: Page) => page.getByRole('button', { name: 'Change password' });
const rule = (page: Page, code: string) => page.locator(`[data-testid="password-rules"] [data-rule="${code}"]`);

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    console.log(`axe violations on ${what}:\n${serious.map((v) => `- [${v.impact}] ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')}`);
  }
  expect(serious, `serious or critical axe violations on ${what}`).toEqual([]);
}

/** The sign-in again step at the identity provider (prompt=login makes it ask). */
async function signInAgainAtIdp(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await page.waitForURL(`${E2E_STACK.idpUrl}/interaction/**`);
  await page.getByLabel('Username').fill('taro');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${E2E_STACK.portalOrigin}/password`);
}

test.describe('changing the console password (taro)', () => {
  test('shows the status and the policy, ticks rules as taro types, and a password that breaks them changes nothing', async ({ page }) => {
    const known = await putKnownPassword('taro');
    await openSignedIn(page, '/password', 'taro');

    await expect(page.getByRole('heading', { name: 'Console password', level: 1 })).toBeVisible();
    const status = page.getByTestId('password-status');
    await expect(status).toContainText('On: you can sign in to the AWS console with a password.');
    await expect(status).toContainText('Password last set');
    await expect(status).toContainText('Passwords last 90 days');
    await expect(page.getByTestId('fresh-for')).toContainText(/for about \d more minutes?|less than a minute/);

    // The policy in plain words, with the symbols IAM counts and the reuse rule.
    await expect(page.getByTestId('iam-symbols')).toHaveText([...IAM_SYMBOLS].join(''));
    await expect(page.getByText('do not count as symbols')).toBeVisible();
    await expect(page.getByText('You cannot reuse any of your last 5 passwords.')).toBeVisible();

    // Live checklist: words as well as ticks.
    await newField(page).fill('short');
    await expect(rule(page, 'minimum-length')).toContainText('At least 12 characters long (not yet)');
    await expect(rule(page, 'lowercase')).toContainText('(met)');
    await expect(rule(page, 'uppercase')).toContainText('(not yet)');
    await expect(page.getByTestId('rules-summary')).toHaveText('3 of 7 rules met');
    await expect(page.getByRole('meter', { name: /Strength/ })).toHaveAttribute('aria-valuetext', 'Weak');
    await expect(submitButton(page)).toBeDisabled();

    // Show password: a toggle button, for both fields.
    const show = page.getByRole('button', { name: 'Show password' });
    await expect(show).toHaveAttribute('aria-pressed', 'false');
    await expect(newField(page)).toHaveAttribute('type', 'password');
    await show.click();
    await expect(show).toHaveAttribute('aria-pressed', 'true');
    await expect(newField(page)).toHaveAttribute('type', 'text');
    await expect(confirmField(page)).toHaveAttribute('type', 'text');
    await show.click();
    await expect(newField(page)).toHaveAttribute('autocomplete', 'new-password');
    await expect(confirmField(page)).toHaveAttribute('autocomplete', 'new-password');

    // Every rule met but the fields differ: still not allowed.
    const good = uniquePassword();
    await newField(page).fill(good);
    await expect(page.locator('[data-testid="password-rules"] [data-ok="false"]')).toHaveCount(0);
    await expect(page.getByRole('meter', { name: /Strength/ })).toHaveAttribute('aria-valuetext', 'Strong');
    await confirmField(page).fill(`${good}x`);
    await expect(page.getByText('The two passwords do not match yet.')).toBeVisible();
    await expect(submitButton(page)).toBeDisabled();

    // The API refuses a password that breaks the policy even when the page is bypassed.
    const direct = await page.request.put('/api/me/console-password', {
      headers: { origin: E2E_STACK.portalOrigin },
      data: { newPassword: 'only-lowercase-and-1' },
    });
    expect(direct.status()).toBe(400);
    expect(await direct.json()).toMatchObject({ code: 'password-policy', failedRules: ['uppercase'] });

    // A password that meets every rule Kagi can see, but was used recently: only IAM knows.
    await newField(page).fill(known);
    await confirmField(page).fill(known);
    await expect(submitButton(page)).toBeEnabled();
    await submitButton(page).click();
    const rejected = page.getByTestId('password-rejected');
    await expect(rejected).toContainText('Your password was not changed');
    await expect(rejected).toContainText('You used this password recently');
    await expect(rejected).toHaveAttribute('role', 'alert');
    // The activity gives the very same reason (so does the help desk's audit log: the outcome is password-reused).
    await page.goto('/activity');
    await expect(page.getByTestId('activity-entry').first()).toContainText('Failed: You used this password recently; choose one you haven’t used before');

    // Nothing changed in IAM: the known password is still the one stored.
    const proof = await provePasswordInIam('taro', { stored: known, notStored: [good] });
    expect(proof.refused).toEqual(['AccessDenied']);
    expect(proof.acceptedStored).toBe('ok');
  });

  test('a good new password is set, the form is cleared, and IAM now has the new password only', async ({ page }) => {
    const old = await putKnownPassword('taro');
    await openSignedIn(page, '/password', 'taro');

    const next = uniquePassword();
    await newField(page).fill(next);
    await confirmField(page).fill(next);
    await expect(page.getByText('Both passwords match.')).toBeVisible();
    await expect(page.getByTestId('rules-summary')).toHaveText('7 of 7 rules met');
    // Typed, not yet sent: it is in no URL and no storage.
    expect(page.url()).not.toContain(next);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(next.slice(5));

    const putting = page.waitForResponse((res) => res.url().endsWith('/api/me/console-password') && res.request().method() === 'PUT');
    await submitButton(page).click();
    expect((await putting).status()).toBe(204);

    await expect(page.getByRole('status').filter({ hasText: 'Your console password has been changed' })).toContainText(
      'use the new password to sign in to the AWS console',
    );
    await expect(newField(page)).toHaveValue('');
    await expect(confirmField(page)).toHaveValue('');
    await expect(page.getByTestId('password-status')).toContainText('here in Kagi');
    expect(await page.content()).not.toContain(next);

    const proof = await provePasswordInIam('taro', { stored: next, notStored: [old] });
    expect(proof.refused).toEqual(['AccessDenied']);
    expect(proof.acceptedStored).toBe('ok');
  });
});

test.describe('a sign-in older than 5 minutes', () => {
  test('the page asks to sign in again first; after signing in again the form is there, empty', async ({ page }) => {
    const known = await putKnownPassword('taro');
    await useStaleSignIn(page);
    await page.goto('/password');

    await expect(page.getByRole('heading', { name: 'Please sign in again first' })).toBeVisible();
    await expect(page.getByText('For your safety, sign in again before changing your password.')).toBeVisible();
    await expect(newField(page)).toHaveCount(0);

    // The API says the same, and changes nothing.
    const stale = await page.request.put('/api/me/console-password', {
      headers: { origin: E2E_STACK.portalOrigin },
      data: { newPassword: uniquePassword() },
    });
    expect(stale.status()).toBe(401);
    expect(await stale.json()).toMatchObject({ code: 'reauth-required' });

    await signInAgainAtIdp(page);
    await expect(newField(page)).toBeVisible();
    await expect(newField(page)).toHaveValue('');
    await expect(confirmField(page)).toHaveValue('');

    const proof = await provePasswordInIam('taro', { stored: known });
    expect(proof.acceptedStored).toBe('ok');
  });

  test('when the sign-in runs out while typing, the change is refused, the fields are cleared, and the way back is offered', async ({ page }) => {
    const known = await putKnownPassword('taro');
    await openSignedIn(page, '/password', 'taro');
    const typed = uniquePassword();
    await newField(page).fill(typed);
    await confirmField(page).fill(typed);

    // Time passes: the session's sign-in is now 10 minutes old. The page's own check still
    // says "recent" (as it would a moment before the deadline), so the PUT itself must refuse.
    await useStaleSignIn(page);
    await page.route('**/api/me/recent-sign-in', (route) => route.fulfill({ json: { authTime: now() - 290, freshUntil: now() + 10 } }));
    const putting = page.waitForResponse((res) => res.url().endsWith('/api/me/console-password') && res.request().method() === 'PUT');
    await submitButton(page).click();
    expect((await putting).status()).toBe(401);
    await page.unroute('**/api/me/recent-sign-in');

    await expect(page.getByRole('heading', { name: 'Please sign in again first' })).toBeFocused();
    await expect(page.getByText('your password was not changed')).toBeVisible();
    await expect(newField(page)).toHaveCount(0);
    expect(await page.content()).not.toContain(typed);

    await signInAgainAtIdp(page);
    await expect(newField(page)).toHaveValue('');
    await expect(confirmField(page)).toHaveValue('');
    expect(page.url()).not.toContain(typed);

    const proof = await provePasswordInIam('taro', { stored: known, notStored: [typed] });
    expect(proof.refused).toEqual(['AccessDenied']);
    expect(proof.acceptedStored).toBe('ok');
  });
});

test.describe('no console password (hanako)', () => {
  test('hanako reads why there is no password to change, and whom to ask', async ({ page }) => {
    await openSignedIn(page, '/password', 'hanako');
    await expect(page.getByRole('heading', { name: 'Console sign-in is not turned on for you' })).toBeVisible();
    await expect(page.getByText('ask the help desk to turn on console sign-in')).toBeVisible();
    // hanako has no access keys: nothing tells her they "work as usual".
    await expect(page.getByTestId('no-console-password')).toContainText('Access keys, which programs and scripts use, are separate');
    await expect(page.getByTestId('no-console-password')).not.toContainText('work as usual');
    await expect(newField(page)).toHaveCount(0);
    await page.goto('/');
    await expect(page.getByTestId('password-card')).toContainText('not turned on for you');
  });
});

test.describe('in both languages, accessible', () => {
  const pages = {
    en: { title: 'Console password', none: 'Console sign-in is not turned on for you', newLabel: 'New password', nav: 'Console password' },
    ja: { title: 'コンソールパスワード', none: 'コンソールへのサインインは有効になっていません', newLabel: '新しいパスワード', nav: 'コンソールパスワード' },
  } as const;

  for (const [locale, text] of Object.entries(pages)) {
    test(`${locale}: taro's form and hanako's explanation, with no serious axe violations`, async ({ browser }) => {
      for (const user of ['taro', 'hanako']) {
        const context = await browser.newContext();
        await context.addCookies([{ name: 'kagi-locale', value: locale, url: E2E_STACK.portalOrigin }]);
        const page = await context.newPage();
        await openSignedIn(page, '/password', user);
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        await expect(page.getByRole('heading', { name: text.title, level: 1 })).toBeVisible();
        await expect(page.getByRole('link', { name: text.nav })).toHaveAttribute('aria-current', 'page');
        if (user === 'taro') {
          await expect(page.getByLabel(text.newLabel, { exact: true })).toBeVisible();
          await page.getByLabel(text.newLabel, { exact: true }).fill('abc');
          await expect(page.getByRole('meter')).toHaveAttribute('aria-valuenow', '1');
        } else {
          await expect(page.getByRole('heading', { name: text.none })).toBeVisible();
        }
        await expectNoSeriousViolations(page, `/password as ${user} (${locale})`);
        await context.close();
      }
    });
  }

  test('the home page summarises taro’s console password and links to the page', async ({ page }) => {
    await openSignedIn(page, '/', 'taro');
    const card = page.getByTestId('password-card');
    await expect(card).toContainText('Console sign-in with a password is on.');
    await expect(card).toContainText(/Password last set .+\./);
    await expect(card).toContainText(/It expires .+\./);
    await card.getByRole('link', { name: 'Change your console password' }).click();
    await expect(page).toHaveURL('/password');
    await expectNoSeriousViolations(page, '/ (en)');
  });
});
