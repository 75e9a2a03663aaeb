import fs from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { heapHolds } from '../heap';
import { backdateKey, createKeyInIam, deleteAllKeys, keysInIam } from './iam-state';

// Every test starts taro with no keys, and tests run one at a time (they share taro's IAM state).
test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
test.beforeEach(() => deleteAllKeys('taro'));
test.afterAll(() => deleteAllKeys('taro'));

const byId = (keys: { id: string; status: string }[]) => keys.map((k) => `${k.id}:${k.status}`).sort();

/** Creates a key through the page and saves it the way a person would; returns what the dialog showed. */
async function createKeyThroughPage(page: Page): Promise<{ id: string; secret: string }> {
  await page.getByRole('button', { name: 'Create access key' }).click();
  // The name is optional: this key gets none.
  await expect(page.getByLabel('Where will you use this key? (optional)')).toBeFocused();
  await page.getByRole('button', { name: 'Create the key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog.getByText('It cannot be shown again')).toBeVisible();
  const id = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
  expect(id).toMatch(/^AKIA\w+$/);

  // Escape does not close it while the secret is unsaved, and neither does "Done".
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeDisabled();

  // Hidden until asked for, so it does not show on a shared screen by accident.
  await expect(dialog.getByTestId('new-secret-access-key')).not.toContainText(/\w{20,}/);
  await dialog.getByRole('button', { name: 'Show secret', exact: true }).click();
  await expect(dialog.getByRole('button', { name: 'Show secret', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const secret = (await dialog.getByTestId('new-secret-access-key').textContent()) ?? '';
  expect(secret.length).toBeGreaterThanOrEqual(40);

  await dialog.getByRole('button', { name: 'Copy secret' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Copied the secret access key.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await dialog.getByRole('button', { name: 'Copy ID' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Copied the access key ID.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);

  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download .csv file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${id}_accessKeys.csv`);
  expect(await fs.readFile(await download.path(), 'utf8')).toBe(`Access key ID,Secret access key\r\n${id},${secret}\r\n`);

  await dialog.getByRole('checkbox', { name: 'I have saved my secret access key' }).check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return { id, secret };
}

async function expectSecretGone(page: Page, secret: string) {
  expect(await page.content()).not.toContain(secret);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Access keys', level: 1 })).toBeVisible();
  expect(await page.content()).not.toContain(secret);
}

test('taro creates two keys: each secret is shown once, downloads as .csv, and is gone after closing; then the quota is explained', async ({ page }) => {
  await openSignedIn(page, '/keys', 'taro');
  await expect(page.getByRole('heading', { name: 'Your keys (0 of 2)' })).toBeVisible();
  await expect(page.getByText('You have no access keys.')).toBeVisible();

  const first = await createKeyThroughPage(page);
  expect(byId(await keysInIam('taro'))).toEqual([`${first.id}:Active`]);
  await expect(page.getByRole('status').filter({ hasText: `Key ${first.id} is ready` })).toBeVisible();
  await expect(page.getByRole('listitem', { name: `Access key ${first.id}` })).toBeVisible();
  await expectSecretGone(page, first.secret);

  const card = page.getByRole('listitem', { name: `Access key ${first.id}` });
  await expect(card.getByText('Never used')).toBeVisible();
  await expect(card.getByText('Up to date')).toBeVisible();
  await expect(card.getByText('less than a day old')).toBeVisible();

  const second = await createKeyThroughPage(page);
  expect(byId(await keysInIam('taro'))).toEqual(byId([{ id: first.id, status: 'Active' }, { id: second.id, status: 'Active' }]));
  await expectSecretGone(page, second.secret);

  // Two keys: no Create button, a plain explanation and the ways forward instead.
  await expect(page.getByRole('heading', { name: 'Your keys (2 of 2)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create access key' })).toHaveCount(0);
  const quota = page.getByTestId('quota-notice');
  await expect(quota).toContainText('AWS allows 2 access keys per person, and you have 2.');
  await expect(quota.getByRole('link', { name: 'Start replacing a key' })).toHaveAttribute('href', '/keys/rotate');
});

test('after Done, the new secret is gone from the tab’s memory too, not only from the page', async ({ page }) => {
  await openSignedIn(page, '/keys', 'taro');
  // The secret is taken from the answer in Node, so the test never sends it into the page.
  const answered = page.waitForResponse((res) => res.url().endsWith('/api/me/access-keys') && res.request().method() === 'POST');
  await page.getByRole('button', { name: 'Create access key' }).click();
  await page.getByRole('button', { name: 'Create the key' }).click();
  const { secretAccessKey } = (await (await answered).json()) as { secretAccessKey: string };
  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  // The setup snippets are made from the secret too: shown, and then gone with the rest.
  await dialog.getByText('Set up a program with this key').click();
  await dialog.getByRole('radio', { name: 'Environment variables (bash, zsh)' }).check();
  await dialog.getByRole('button', { name: 'Show secret in these lines' }).click();
  await expect(dialog.getByTestId('setup-snippet')).toContainText(`export AWS_SECRET_ACCESS_KEY=${secretAccessKey}`);
  await dialog.getByRole('button', { name: 'Show secret', exact: true }).click();
  expect(await dialog.getByTestId('new-secret-access-key').textContent()).toBe(secretAccessKey);
  // The check can see it while it is meant to be there.
  expect(await heapHolds(page, secretAccessKey)).toBe(true);

  await dialog.getByRole('checkbox', { name: 'I have saved my secret access key' }).check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  expect(await heapHolds(page, secretAccessKey), 'the secret is still in the tab’s memory').toBe(false);
});

test('a key created elsewhere meanwhile: the refused third key gets the same plain explanation', async ({ page }) => {
  await createKeyInIam('taro');
  await openSignedIn(page, '/keys', 'taro');
  await expect(page.getByRole('heading', { name: 'Your keys (1 of 2)' })).toBeVisible();
  await createKeyInIam('taro'); // behind the page's back: IAM now holds two

  await page.getByRole('button', { name: 'Create access key' }).click();
  await page.getByRole('button', { name: 'Create the key' }).click();
  // Said in words: what happened, and why, not only a panel appearing.
  await expect(page.getByRole('alert').filter({ hasText: 'No key was created: you already have two keys.' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'You have the most keys AWS allows' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await keysInIam('taro')).toHaveLength(2);
  await expect(page.getByRole('heading', { name: 'Your keys (2 of 2)' })).toBeVisible();
});

test('taro deactivates and reactivates a key, then deletes it after typing the end of its ID', async ({ page }) => {
  const id = await createKeyInIam('taro');
  await openSignedIn(page, '/keys', 'taro');
  const card = page.getByRole('listitem', { name: `Access key ${id}` });
  const toggle = card.getByRole('switch', { name: `Key ${id} active` });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  // An active key cannot be deleted: the page says what to do first.
  await expect(card.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await expect(card.getByText('To delete this key, deactivate it first.')).toBeVisible();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('status')).toContainText(`Key ${id} is now inactive`);
  await expect.poll(() => keysInIam('taro')).toEqual([{ id, status: 'Inactive' }]);
  await expect(card.getByText('Inactive').first()).toBeVisible();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('status')).toContainText(`Key ${id} is active again`);
  await expect.poll(() => keysInIam('taro')).toEqual([{ id, status: 'Active' }]);

  await toggle.click();
  await expect.poll(() => keysInIam('taro')).toEqual([{ id, status: 'Inactive' }]);

  await card.getByRole('button', { name: `Delete… ${id}` }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this access key?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('stops working for good');
  await expect(dialog).toContainText('cannot be undone');
  const confirm = dialog.getByRole('button', { name: 'Delete key permanently' });
  const typed = dialog.getByLabel(`To confirm, type the last four characters of the key ID (${id.slice(-4)}):`);
  await expect(typed).toBeFocused();
  await expect(confirm).toBeDisabled();
  await typed.fill(id.slice(-5, -1));
  await expect(confirm).toBeDisabled();
  // Pressing it anyway says why nothing happens.
  await confirm.click({ force: true });
  await expect(dialog.getByText(`That is not the end of this key’s ID (${id.slice(-4)}).`)).toBeVisible();
  expect(await keysInIam('taro')).toEqual([{ id, status: 'Inactive' }]);

  // Cancelling changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await keysInIam('taro')).toEqual([{ id, status: 'Inactive' }]);

  await card.getByRole('button', { name: `Delete… ${id}` }).click();
  // Upper or lower case, spaces around it: all the same.
  await typed.fill(` ${id.slice(-4).toLowerCase()} `);
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText(`Key ${id} has been deleted.`);
  await expect(card).toHaveCount(0);
  expect(await keysInIam('taro')).toEqual([]);
});

test('create, save and close work with the keyboard alone', async ({ page }) => {
  await openSignedIn(page, '/keys', 'taro');
  const createButton = page.getByRole('button', { name: 'Create access key' });
  await expect(createButton).toBeVisible();

  const isFocused = (locator: ReturnType<Page['locator']>) => locator.evaluate((el) => el === document.activeElement);
  for (let i = 0; i < 40 && !(await isFocused(createButton)); i++) await page.keyboard.press('Tab');
  await expect(createButton).toBeFocused();
  await page.keyboard.press('Enter');
  // Focus goes to the optional name; typing it and Enter make the key.
  await expect(page.getByLabel('Where will you use this key? (optional)')).toBeFocused();
  await page.keyboard.type('keyboard test');
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  await expect(dialog).toBeVisible();
  const focusInDialog = () => dialog.evaluate((el) => el.contains(document.activeElement));
  expect(await focusInDialog()).toBe(true);
  await expect.poll(() => keysInIam('taro')).toHaveLength(1);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();

  const checkbox = dialog.getByRole('checkbox', { name: 'I have saved my secret access key' });
  // Tab cycles inside the dialog: it never reaches the page behind it.
  for (let i = 0; i < 20 && !(await isFocused(checkbox)); i++) {
    await page.keyboard.press('Tab');
    expect(await focusInDialog()).toBe(true);
  }
  await expect(checkbox).toBeFocused();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    expect(await focusInDialog()).toBe(true);
  }
  for (let i = 0; i < 20 && !(await isFocused(checkbox)); i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  await expect(checkbox).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  // Focus lands somewhere sensible, not on the page body.
  await expect(page.getByRole('heading', { name: 'Your keys (1 of 2)' })).toBeFocused();

  const keys = await keysInIam('taro');
  expect(keys).toHaveLength(1);
  await expect(page.getByRole('listitem', { name: `Access key keyboard test ${keys[0]?.id}` })).toBeVisible();
});

test('a guided rotation with two keys: make room, create, switch, deactivate, check, delete', async ({ page }) => {
  const oldId = await createKeyInIam('taro');
  const otherId = await createKeyInIam('taro');
  await openSignedIn(page, '/keys', 'taro');
  await page.getByRole('link', { name: `Replace this key ${oldId}` }).click();

  await expect(page).toHaveURL(`/keys/rotate?key=${oldId}`);
  await expect(page.getByRole('heading', { name: 'Step 1 of 5: Choose the key to replace' })).toBeVisible();
  await expect(page.getByRole('radio', { name: new RegExp(oldId) })).toBeChecked();
  await page.getByRole('button', { name: 'Continue' }).click();

  // Step 2: the other key must go first; it is active, so it is deactivated, then deleted.
  await expect(page.getByRole('heading', { name: 'Step 2 of 5: Make room for the new key' })).toBeFocused();
  await page.getByRole('button', { name: `Deactivate key ${otherId}` }).click();
  await expect
    .poll(async () => byId(await keysInIam('taro')))
    .toEqual(byId([{ id: oldId, status: 'Active' }, { id: otherId, status: 'Inactive' }]));
  await page.getByRole('button', { name: `Delete key ${otherId}…` }).click();
  const deleteDialog = page.getByRole('alertdialog', { name: 'Delete this access key?' });
  await deleteDialog.getByLabel(/To confirm, type the last four characters/).fill(otherId.slice(-4));
  await deleteDialog.getByRole('button', { name: 'Delete key permanently' }).click();
  await expect(deleteDialog).toBeHidden();
  expect(await keysInIam('taro')).toEqual([{ id: oldId, status: 'Active' }]);

  // Step 3: the new key, its secret shown once.
  await expect(page.getByRole('heading', { name: 'Step 3 of 5: Create the new key' })).toBeFocused();
  await page.getByRole('button', { name: 'Create the new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  const newId = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Show secret', exact: true }).click();
  const secret = (await dialog.getByTestId('new-secret-access-key').textContent()) ?? '';
  expect(byId(await keysInIam('taro'))).toEqual(byId([{ id: oldId, status: 'Active' }, { id: newId, status: 'Active' }]));
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'I have saved my secret access key' }).check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  expect(await page.content()).not.toContain(secret);
  expect(page.url()).not.toContain(secret);

  // Step 4: the person moves their programs over, then the old key is turned off.
  await expect(page.getByRole('heading', { name: 'Step 4 of 5: Switch your programs to it' })).toBeFocused();
  const deactivateOld = page.getByRole('button', { name: 'Deactivate the old key' });
  await expect(deactivateOld).toBeDisabled();
  await page.getByRole('checkbox', { name: 'I have put the new key in every app that used the old one' }).check();
  await deactivateOld.click();
  await expect.poll(async () => byId(await keysInIam('taro'))).toEqual(byId([{ id: oldId, status: 'Inactive' }, { id: newId, status: 'Active' }]));

  // Step 5: everything still works, so the old key goes (with the same typed confirmation).
  await expect(page.getByRole('heading', { name: 'Step 5 of 5: Check, then delete the old key' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Delete the old key…' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Everything still works' }).check();
  await page.getByRole('button', { name: 'Delete the old key…' }).click();
  await deleteDialog.getByLabel(/To confirm, type the last four characters/).fill(oldId.slice(-4));
  await deleteDialog.getByRole('button', { name: 'Delete key permanently' }).click();
  await expect(page.getByRole('heading', { name: 'All done' })).toBeVisible();
  expect(await keysInIam('taro')).toEqual([{ id: newId, status: 'Active' }]);
  expect(await page.content()).not.toContain(secret);

  // The activity page tells the story in words.
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('link', { name: 'Activity' })).toHaveAttribute('aria-current', 'page');
  const rows = page.getByTestId('activity-entry');
  await expect(rows.filter({ hasText: 'Deleted an access key' }).filter({ hasText: oldId })).toHaveCount(1);
  // (The API records no key ID for a creation, so only the action is checked here.)
  await expect(rows.filter({ hasText: 'Created an access key' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'Deactivated an access key' }).filter({ hasText: oldId }).first()).toContainText('Done');
});

test('when the session has ended, a change sends taro to sign in and back to the keys page', async ({ page, context }) => {
  const id = await createKeyInIam('taro');
  await openSignedIn(page, '/keys', 'taro');
  await context.clearCookies();
  await page.getByRole('switch', { name: `Key ${id} active` }).click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fkeys$/);
  // The optimistic change was not made in IAM.
  expect(await keysInIam('taro')).toEqual([{ id, status: 'Active' }]);
});

test('old keys are shown as due soon or overdue, in words, on the keys page and the home page', async ({ page }) => {
  const overdue = await createKeyInIam('taro');
  const due = await createKeyInIam('taro');
  await backdateKey(overdue, 120); // past the 90-day rotation period
  await backdateKey(due, 80); // within the last 14 days of it
  await openSignedIn(page, '/keys', 'taro');

  const overdueCard = page.getByRole('listitem', { name: `Access key ${overdue}` });
  await expect(overdueCard.getByText('Overdue', { exact: true })).toBeVisible();
  await expect(overdueCard).toContainText('120 days old');
  await expect(overdueCard).toContainText('This key is more than 90 days old. Replace it now.');
  const dueCard = page.getByRole('listitem', { name: `Access key ${due}` });
  await expect(dueCard.getByText('Due soon', { exact: true })).toBeVisible();
  await expect(dueCard).toContainText('80 days old');
  // Created 80 days ago, so the deadline is 10 days from now.
  const deadline = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(Date.now() + 10 * 86_400_000));
  await expect(dueCard).toContainText(`Replace this key by ${deadline}.`);

  await page.goto('/');
  await expect(page.getByText(`Key ${overdue} is overdue for replacement.`)).toBeVisible();
  await expect(page.getByText(`Key ${due} is due for replacement soon.`)).toBeVisible();
  // Each reminder leads straight to replacing that key.
  await page.getByRole('link', { name: `Replace this key ${overdue}` }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/rotate\\?key=${overdue}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
