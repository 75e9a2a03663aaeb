import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { createKeyInIam, deleteAllKeys } from '../keys/iam-state';
import { addAppInIam, removeAllMfa, seedMfaDeviceInIam } from '../mfa/mfa-state';
import { E2E_STACK } from '../stack';

/**
 * Automated accessibility checks (axe) of each page in both languages. hanako is used so the
 * access-key specs (taro) keep their own state; she gets one key so the key cards are checked.
 */
const locales = ['en', 'ja'] as const;

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    console.log(
      `axe violations on ${what}:\n` +
        serious.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`).join('\n'),
    );
  }
  expect(serious, `serious or critical axe violations on ${what}`).toEqual([]);
}

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  await deleteAllKeys('hanako');
  await createKeyInIam('hanako');
});
test.afterAll(() => deleteAllKeys('hanako'));

for (const locale of locales) {
  test.describe(`in ${locale}`, () => {
    test.beforeEach(async ({ context }) => {
      await context.addCookies([{ name: 'kagi-locale', value: locale, url: E2E_STACK.portalOrigin }]);
    });

    test('the sign-in page, signed out', async ({ page }) => {
      await page.goto('/signin');
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expectNoSeriousViolations(page, `/signin (${locale})`);
    });

    test('the reminder opt-out page, signed out', async ({ page }) => {
      await page.goto('/unsubscribe?u=hanako&t=not-a-token');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, `/unsubscribe (${locale})`);
    });

    test('home, access keys, rotation, activity and settings pages', async ({ page }) => {
      await openSignedIn(page, '/', 'hanako');
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      // "Signed in as" reads in the language's own order (in Japanese the name comes first).
      await expect(page.getByTestId('person-name').locator('xpath=..')).toHaveText(
        locale === 'ja' ? 'Hanako Suzuki としてサインイン中' : 'Signed in as Hanako Suzuki',
      );
      for (const path of ['/', '/keys', '/keys/rotate', '/mfa', '/activity', '/settings']) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expectNoSeriousViolations(page, `${path} (${locale})`);
      }
    });

    test('the MFA page with each step of adding an authenticator app, and its device list', async ({ page }) => {
      await removeAllMfa('hanako');
      await openSignedIn(page, '/mfa', 'hanako');
      await page.getByTestId('mfa-none').waitFor();
      await page.getByRole('button', { name: locale === 'en' ? 'Add an authenticator app' : '認証アプリを追加' }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await expectNoSeriousViolations(page, `/mfa add dialog, name (${locale})`);
      await dialog.getByRole('textbox').fill('a11y');
      await dialog.locator('button[type=submit]').click();
      await expect(dialog.getByTestId('mfa-secret')).toBeVisible();
      await expectNoSeriousViolations(page, `/mfa add dialog, QR code and key (${locale})`);
      await dialog.getByRole('button').last().click();
      await dialog.getByRole('textbox').first().fill('12');
      await dialog.locator('button[type=submit]').click();
      await expect(dialog.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, `/mfa add dialog, codes with an error (${locale})`);
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();

      await addAppInIam('hanako', 'a11y phone');
      await seedMfaDeviceInIam('hanako', `arn:aws:iam::123456789012:u2f/user/hanako/a11y-${locale}-ABCDEFGHIJKLMNOPQRSTUVWXYZ`);
      await page.reload();
      await expect(page.getByTestId('mfa-device')).toHaveCount(2);
      await expectNoSeriousViolations(page, `/mfa with devices (${locale})`);
      await page.getByTestId('mfa-device').first().getByRole('button').first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectNoSeriousViolations(page, `/mfa resync dialog (${locale})`);
      await page.keyboard.press('Escape');
      await page.getByTestId('mfa-device').first().getByRole('button').last().click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      await expectNoSeriousViolations(page, `/mfa remove dialog (${locale})`);
      await page.keyboard.press('Escape');
      await removeAllMfa('hanako');
    });

    test('the access keys page with the delete dialog open', async ({ page }) => {
      await openSignedIn(page, '/keys', 'hanako');
      const toggle = page.getByRole('switch').first();
      if ((await toggle.getAttribute('aria-checked')) === 'true') await toggle.click();
      await expect(toggle).toHaveAttribute('aria-checked', 'false');
      await page.getByTestId('access-key').getByRole('button').last().click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      await expectNoSeriousViolations(page, `/keys delete dialog (${locale})`);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('alertdialog')).toBeHidden();
    });
  });
}

test('the demo mailbox (the local mail stand-in)', async ({ page }) => {
  await page.goto(E2E_STACK.mailUrl);
  await expect(page.getByRole('heading', { name: 'Local mailbox', level: 1 })).toBeVisible();
  // (A message's own HTML view is sandboxed without scripts, as in a mail program: axe cannot run there.)
  await expectNoSeriousViolations(page, 'the demo mailbox');
});

test('the new-key dialog', async ({ page }) => {
  await deleteAllKeys('hanako');
  await openSignedIn(page, '/keys', 'hanako');
  await page.getByRole('button', { name: 'Create access key' }).click();
  await page.getByRole('button', { name: 'Create the key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page, '/keys new-key dialog (en)');
  await dialog.getByRole('checkbox').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
});
