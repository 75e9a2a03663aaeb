import { expect, test, type Page } from '@playwright/test';
import { encode, type JWT } from 'next-auth/jwt';
import { openSignedIn } from '../fixtures';
import { E2E_STACK } from '../stack';
import { consecutiveCodes, mfaDevicesInIam, removeAllMfa, seedMfaDeviceInIam, totpCode, virtualDevicesInIam } from './mfa-state';

/**
 * taro adds an authenticator app with only Kagi and "his phone" (codes computed here from the
 * key read off the page, as the app would), resynchronises it, cancels a second set-up, and
 * removes the app after signing in again. IAM is checked through the SDK after each step.
 */
test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
test.beforeAll(() => removeAllMfa('taro'));
test.afterAll(() => removeAllMfa('taro'));

const dialog = (page: Page) => page.getByRole('dialog');
/** The key taro's "phone" holds, read off the page in the first test. */
let phoneSeed = '';

/** Waits until the IAM state matches, since the cancel request runs as the dialog closes. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

/** taro's session as Kagi issues it, but with the last real sign-in ten minutes ago. */
async function staleSignIn(page: Page): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const token: JWT = { sub: 'taro', name: 'Taro Yamada', email: 'taro@example.com', iamUserName: 'taro', roles: ['user'], authTime: now - 600, signedInAt: now };
  const value = await encode({ secret: E2E_STACK.nextAuthSecret, maxAge: 1800, token });
  await page.context().addCookies([{ name: 'next-auth.session-token', value, url: E2E_STACK.portalOrigin }]);
}

test('taro adds an authenticator app: a name, the QR code and key, two codes in a row', async ({ page }) => {
  await openSignedIn(page, '/', 'taro');
  await expect(page.getByTestId('mfa-card')).toContainText('You have no MFA device');
  await page.getByRole('navigation').getByRole('link', { name: 'MFA devices' }).click();
  await expect(page.getByRole('heading', { name: 'MFA devices', level: 1 })).toBeVisible();
  await expect(page.getByTestId('mfa-none')).toBeVisible();

  // Step 1: a name of taro's choosing, with characters IAM's own names do not allow.
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  await expect(dialog(page).getByText('Step 1 of 3')).toBeVisible();
  await expect(dialog(page).getByLabel('Name for this device')).toBeFocused();
  await dialog(page).getByRole('button', { name: 'Continue' }).click();
  await expect(dialog(page).getByRole('alert')).toHaveText('Give the device a name.');
  await dialog(page).getByLabel('Name for this device').fill("Taro's iPhone");
  await dialog(page).getByRole('button', { name: 'Continue' }).click();

  // Step 2: the QR code and the key in groups of four; IAM now has an unassigned device.
  await expect(dialog(page).getByRole('heading', { name: 'Scan the QR code with the app' })).toBeFocused();
  await expect(dialog(page).getByRole('img', { name: /QR code for adding “Taro's iPhone”/ })).toBeVisible();
  const shownKey = (await dialog(page).getByTestId('mfa-secret').textContent()) ?? '';
  expect(shownKey).toMatch(/^([A-Z2-7]{4} ){15}[A-Z2-7]{4}$/);
  const seed = shownKey.replace(/ /g, '');
  phoneSeed = seed;
  await dialog(page).getByRole('button', { name: 'Copy key' }).click();
  await expect(dialog(page).getByRole('status')).toHaveText('Key copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(seed);
  const pending = (await virtualDevicesInIam('Unassigned')).filter((s) => s.includes(':mfa/staff/taro/taro-'));
  expect(pending).toHaveLength(1);
  const serial = pending[0]!;
  expect(await mfaDevicesInIam('taro')).toEqual([]);

  // Step 3: wrong codes are refused in words; IAM assigns nothing.
  await dialog(page).getByRole('button', { name: 'Next: enter two codes' }).click();
  await expect(dialog(page).getByRole('heading', { name: 'Enter two codes in a row' })).toBeFocused();
  const wrong = totpCode(seed) === '123456' ? '234567' : '123456';
  await dialog(page).getByLabel('First code').fill(wrong);
  await dialog(page).getByLabel('Next code').fill(wrong);
  await dialog(page).getByRole('button', { name: 'Finish set-up' }).click();
  await expect(dialog(page).getByRole('alert')).toContainText('The two codes are the same');
  await dialog(page).getByLabel('Next code').fill(wrong === '123456' ? '654321' : '765432');
  await dialog(page).getByRole('button', { name: 'Finish set-up' }).click();
  await expect(dialog(page).getByRole('alert')).toContainText('AWS did not accept these codes');
  expect(await mfaDevicesInIam('taro')).toEqual([]);

  // The code the app shows now, and the next one.
  const [code1, code2] = consecutiveCodes(seed);
  await dialog(page).getByLabel('First code').fill(code1);
  await dialog(page).getByLabel('Next code').fill(`${code2.slice(0, 3)} ${code2.slice(3)}`);
  await dialog(page).getByRole('button', { name: 'Finish set-up' }).click();
  await expect(dialog(page).getByRole('heading', { name: 'Authenticator app added' })).toBeFocused();
  await expect(dialog(page).getByTestId('mfa-added')).toHaveText("“Taro's iPhone” is now one of your MFA devices.");
  expect(await mfaDevicesInIam('taro')).toEqual([serial]);
  expect(await virtualDevicesInIam('Unassigned')).not.toContain(serial);

  await dialog(page).getByRole('button', { name: 'Done' }).click();
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: "“Taro's iPhone” was added." })).toBeVisible();
  const card = page.getByRole('listitem', { name: "Taro's iPhone" });
  await expect(card).toContainText('Authenticator app');
  await expect(card).toContainText(serial.split('/').pop()!);
  // Nothing on the page still holds the key once the dialog is gone.
  expect(await page.content()).not.toContain(seed);

  await page.goto('/');
  await expect(page.getByTestId('mfa-card')).toContainText('You have one MFA device.');
});

test('a phone whose clock runs fast: codes refused, then resynchronised', async ({ page }) => {
  await openSignedIn(page, '/mfa', 'taro');
  const card = page.getByRole('listitem', { name: "Taro's iPhone" });
  await card.getByRole('button', { name: /Codes not accepted/ }).click();
  const resync = page.getByRole('dialog', { name: "Resynchronise “Taro's iPhone”" });
  await expect(resync.getByRole('heading')).toBeFocused();
  await resync.getByLabel('First code').fill('111111');
  await resync.getByLabel('Next code').fill('222222');
  await resync.getByRole('button', { name: 'Resynchronise' }).click();
  await expect(resync.getByRole('alert')).toContainText('AWS did not accept these codes');
  // The phone's clock runs ten minutes fast: its codes are twenty steps ahead.
  const [code1, code2] = consecutiveCodes(phoneSeed, 20);
  await resync.getByLabel('First code').fill(code1);
  await resync.getByLabel('Next code').fill(code2);
  await resync.getByRole('button', { name: 'Resynchronise' }).click();
  await expect(resync).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: "AWS accepted the codes of “Taro's iPhone”" })).toBeVisible();
  await page.goto('/activity');
  const rows = page.getByTestId('activity-entry').filter({ hasText: 'Resynchronised an MFA device' });
  await expect(rows.first()).toContainText('Done');
  await expect(rows.nth(1)).toContainText('Failed');
});

test('closing the dialog before the codes leaves no device behind in IAM', async ({ page }) => {
  await openSignedIn(page, '/mfa', 'taro');
  const before = await virtualDevicesInIam('Any');
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  await dialog(page).getByLabel('Name for this device').fill('Spare phone');
  await dialog(page).getByRole('button', { name: 'Continue' }).click();
  await expect(dialog(page).getByTestId('mfa-secret')).toBeVisible();
  const started = await virtualDevicesInIam('Unassigned');
  const made = started.filter((s) => !before.includes(s));
  expect(made).toHaveLength(1);
  // Escape closes it, as Cancel does.
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByRole('button', { name: 'Add an authenticator app' })).toBeFocused();
  expect(await eventually(() => virtualDevicesInIam('Any'), (all) => !all.includes(made[0]!))).not.toContain(made[0]);
  expect((await mfaDevicesInIam('taro')).length).toBe(1);
});

test('closing the tab mid-way deletes the unused device too', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openSignedIn(page, '/mfa', 'taro');
  const before = await virtualDevicesInIam('Any');
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  await dialog(page).getByLabel('Name for this device').fill('Closed tab');
  await dialog(page).getByRole('button', { name: 'Continue' }).click();
  await expect(dialog(page).getByTestId('mfa-secret')).toBeVisible();
  const made = (await virtualDevicesInIam('Unassigned')).filter((s) => !before.includes(s));
  expect(made).toHaveLength(1);
  await page.close();
  expect(await eventually(() => virtualDevicesInIam('Any'), (all) => !all.includes(made[0]!))).not.toContain(made[0]);
  await context.close();
});

test('passkeys and security keys are listed with where to add them', async ({ page }) => {
  const key = 'arn:aws:iam::123456789012:u2f/user/taro/yubikey-E2EABCDEFGHIJKLMNOPQRSTUV';
  await seedMfaDeviceInIam('taro', key);
  await openSignedIn(page, '/mfa', 'taro');
  const card = page.getByTestId('mfa-device').filter({ hasText: 'yubikey-E2EABCDEFGHIJKLMNOPQRSTUV' });
  await expect(card.getByRole('heading')).toHaveText('Passkey or security key yubikey-E2EABCDEFGHIJKLMNOPQRSTUV');
  await expect(card).toContainText('only the browser you use there can talk to the key');
  await expect(card.getByRole('link', { name: /Open “Security credentials” in the AWS console/ })).toHaveAttribute('href', /console\.aws\.amazon\.com/);
  await expect(card.getByRole('button', { name: /Codes not accepted/ })).toHaveCount(0);
});

test('removing a device needs a fresh sign-in; then IAM has neither the assignment nor the device', async ({ page }) => {
  await openSignedIn(page, '/mfa', 'taro');
  const serial = (await mfaDevicesInIam('taro')).find((s) => s.includes(':mfa/'))!;
  await staleSignIn(page);
  await page.reload();
  await page.getByRole('listitem', { name: "Taro's iPhone" }).getByRole('button', { name: /Remove/ }).click();
  const confirm = page.getByRole('alertdialog', { name: "Remove “Taro's iPhone”?" });
  await expect(confirm).toContainText('AWS will no longer accept codes from this device.');
  await expect(confirm.getByTestId('mfa-reauth')).toContainText('Please sign in again first');
  await expect(confirm.getByRole('button', { name: 'Remove device' })).toHaveCount(0);
  expect(await mfaDevicesInIam('taro')).toContain(serial);

  await confirm.getByRole('link', { name: 'Sign in again' }).click();
  await page.waitForURL(`${E2E_STACK.idpUrl}/interaction/**`);
  await page.getByLabel('Username').fill('taro');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${E2E_STACK.portalOrigin}/mfa`);

  await page.getByRole('listitem', { name: "Taro's iPhone" }).getByRole('button', { name: /Remove/ }).click();
  const again = page.getByRole('alertdialog', { name: "Remove “Taro's iPhone”?" });
  await again.getByRole('button', { name: 'Remove device' }).click();
  await expect(again).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: "“Taro's iPhone” was removed." })).toBeVisible();
  expect(await mfaDevicesInIam('taro')).not.toContain(serial);
  expect(await virtualDevicesInIam('Any')).not.toContain(serial);

  await page.goto('/activity');
  const rows = page.getByTestId('activity-entry');
  await expect(rows.filter({ hasText: 'Removed an MFA device' }).first()).toContainText('Done');
  await expect(rows.filter({ hasText: 'Added an authenticator app (codes checked)' }).first()).toContainText('Done');
  await expect(rows.filter({ hasText: 'Cancelled adding an authenticator app' }).first()).toContainText('Done');
});

/** Presses Tab until `name` has focus (at most 12 times): the dialog keeps focus inside itself. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (typeof name === 'string' ? focused.trim() === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

test('the whole set-up works with the keyboard alone', async ({ page }) => {
  await removeAllMfa('taro');
  await openSignedIn(page, '/mfa', 'taro');
  await tabTo(page, 'Add an authenticator app');
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByLabel('Name for this device')).toBeFocused();
  await page.keyboard.type('Keyboard phone');
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('heading', { name: 'Scan the QR code with the app' })).toBeFocused();
  const seed = ((await dialog(page).getByTestId('mfa-secret').textContent()) ?? '').replace(/ /g, '');
  await tabTo(page, 'Next: enter two codes');
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('heading', { name: 'Enter two codes in a row' })).toBeFocused();
  await tabTo(page, /^$/); // the first code field (an input has no text)
  await expect(dialog(page).getByLabel('First code')).toBeFocused();
  const [code1, code2] = consecutiveCodes(seed);
  await page.keyboard.type(code1);
  await page.keyboard.press('Tab');
  await expect(dialog(page).getByLabel('Next code')).toBeFocused();
  await page.keyboard.type(code2);
  await page.keyboard.press('Enter');
  await expect(dialog(page).getByRole('heading', { name: 'Authenticator app added' })).toBeFocused();
  await tabTo(page, 'Done');
  await page.keyboard.press('Enter');
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByRole('button', { name: 'Add an authenticator app' })).toBeFocused();
  expect((await mfaDevicesInIam('taro')).filter((s) => s.includes(':mfa/staff/taro/taro-'))).toHaveLength(1);
});
