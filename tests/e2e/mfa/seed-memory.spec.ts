import { expect, test, type Page } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { heapHolds } from '../heap';
import { consecutiveCodes, mfaDevicesInIam, removeAllMfa } from './mfa-state';

/**
 * The authenticator app's key is shown once: once the dialog closes it must be gone from the
 * tab, memory included (a heap snapshot says what is still held), whether the set-up was
 * finished or cancelled. The key is read from the answer in Node, never sent into the page.
 */
test.describe.configure({ mode: 'serial' });
test.beforeAll(() => removeAllMfa('hanako'));
test.afterAll(() => removeAllMfa('hanako'));

async function startSetUp(page: Page, label: string): Promise<string> {
  const answered = page.waitForResponse((res) => res.url().endsWith('/api/me/mfa-devices') && res.request().method() === 'POST');
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  await page.getByRole('dialog').getByLabel('Name for this device').fill(label);
  await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
  const { secret } = (await (await answered).json()) as { secret: string };
  await expect(page.getByRole('dialog').getByTestId('mfa-secret')).toBeVisible();
  return secret;
}

const grouped = (secret: string) => secret.match(/.{1,4}/g)!.join(' ');

/**
 * React lets go of a closed dialog's state on a later commit, not at once: on a busy machine a
 * snapshot taken right after closing can still find it. So look again for a few seconds; a
 * key that is really kept (a cache, a closure) stays and fails the test.
 */
async function expectReleased(page: Page, secret: string) {
  await expect.poll(() => heapHolds(page, secret), { message: 'the key is still in the tab’s memory', timeout: 10_000 }).toBe(false);
  await expect.poll(() => heapHolds(page, grouped(secret)), { message: 'the grouped key is still in the tab’s memory', timeout: 10_000 }).toBe(false);
}

test('after Done, the key is gone from the tab’s memory', async ({ page }) => {
  test.setTimeout(90_000);
  await openSignedIn(page, '/mfa', 'hanako');
  const secret = await startSetUp(page, 'Memory check');
  // The check can see it while it is meant to be there.
  expect(await heapHolds(page, secret)).toBe(true);

  await page.getByRole('dialog').getByRole('button', { name: 'Next: enter two codes' }).click();
  const [code1, code2] = consecutiveCodes(secret);
  await page.getByRole('dialog').getByLabel('First code').fill(code1);
  await page.getByRole('dialog').getByLabel('Next code').fill(code2);
  await page.getByRole('dialog').getByRole('button', { name: 'Finish set-up' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(await mfaDevicesInIam('hanako')).toHaveLength(1);
  expect(await page.content()).not.toContain(secret.slice(0, 16));
  await expectReleased(page, secret);
});

test('after Cancel, the key is gone from the tab’s memory too', async ({ page }) => {
  test.setTimeout(90_000);
  await openSignedIn(page, '/mfa', 'hanako');
  const secret = await startSetUp(page, 'Cancelled');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expectReleased(page, secret);
});
