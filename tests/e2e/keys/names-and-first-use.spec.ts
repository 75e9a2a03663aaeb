import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { E2E_STACK } from '../stack';
import { createNamedKeyInIam, deleteAllKeys, keysInIam, tagsInIam, useKey } from './iam-state';

/**
 * Key names (stored as IAM tags, checked through the SDK), setup snippets, a new key's first
 * use turning up live, the delete confirmation by name, and rotation chosen by name and last
 * use, in English and Japanese, with axe. taro's state, one test at a time.
 */
test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
test.beforeEach(() => deleteAllKeys('taro'));
test.afterAll(() => deleteAllKeys('taro'));

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${what}`).toEqual([]);
}

test('taro names a new key, copies a setup snippet, watches its first use arrive, renames it and deletes it by its name', async ({ page }) => {
  test.setTimeout(90_000);
  await openSignedIn(page, '/keys', 'taro');
  await page.getByRole('button', { name: 'Create access key' }).click();
  const name = page.getByLabel('Where will you use this key? (optional)');
  await expect(name).toBeFocused();
  // IAM's tag rules are explained before anything is sent.
  await name.fill('laptop (home)');
  await expect(page.getByText('AWS allows only letters, digits, spaces and these signs in a name')).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Create the key' }).click();
  expect(await keysInIam('taro')).toEqual([]);
  await name.fill('Backup on my laptop');
  await expectNoSeriousViolations(page, 'the new-key form');
  await page.getByRole('button', { name: 'Create the key' }).click();

  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('new-key-name')).toHaveText('Backup on my laptop');
  const id = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Show secret', exact: true }).click();
  const secret = (await dialog.getByTestId('new-secret-access-key').textContent()) ?? '';
  // The name is the tag the AWS console would write: key = the access key ID.
  expect(await tagsInIam('taro')).toEqual([{ Key: id, Value: 'Backup on my laptop' }]);
  // The list behind the dialog already has the new key.
  await expect(page.getByTestId('access-key')).toHaveCount(1);

  // Setup snippets, made in the page from the secret it already has.
  const requestsBefore: string[] = [];
  page.on('request', (request) => requestsBefore.push(`${request.url()} ${request.postData() ?? ''}`));
  await dialog.getByText('Set up a program with this key').click();
  const snippet = dialog.getByTestId('setup-snippet');
  await expect(snippet).toContainText('[backup-on-my-laptop]');
  await expect(snippet).not.toContainText(secret);
  await expectNoSeriousViolations(page, 'the new-key dialog with its setup snippets');
  await dialog.getByRole('button', { name: 'Copy these lines' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `[backup-on-my-laptop]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`,
  );
  await expect(dialog.getByRole('status')).toContainText('They include your secret access key');
  await dialog.getByRole('radio', { name: 'Environment variables (PowerShell)' }).check();
  await dialog.getByRole('button', { name: 'Show secret in these lines' }).click();
  await expect(snippet).toContainText(`$Env:AWS_SECRET_ACCESS_KEY = "${secret}"`);
  await dialog.getByRole('button', { name: 'Copy these lines' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`$Env:AWS_ACCESS_KEY_ID = "${id}"\n$Env:AWS_SECRET_ACCESS_KEY = "${secret}"\n`);
  await dialog.getByRole('radio', { name: 'Environment variables (bash, zsh)' }).check();
  await expect(snippet).toContainText(`export AWS_ACCESS_KEY_ID=${id}`);
  // None of that went anywhere.
  expect(requestsBefore.filter((r) => r.includes(secret))).toEqual([]);

  await dialog.getByRole('checkbox', { name: 'I have saved my secret access key' }).check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('listitem', { name: `Access key Backup on my laptop ${id}` })).toBeVisible();
  // (Found by its ID from here on: its name changes below.)
  const card = page.getByTestId('access-key').filter({ hasText: id });
  await expect(card.getByRole('heading', { level: 3 })).toContainText('Backup on my laptop');
  const firstUse = card.getByTestId('first-use');
  await expect(firstUse).toContainText('Not used yet');
  await expect(firstUse).toContainText('AWS can take a few minutes');

  // A program uses the key once (one request signed with it, in another region).
  await useKey({ id, secret }, 'eu-west-1');
  await expect(firstUse).toContainText(/First used at .+ from eu-west-1 \(sts\)\./, { timeout: 30_000 });
  await expectNoSeriousViolations(page, 'the keys page with a first use');

  // Renamed on its card.
  await card.getByRole('button', { name: `Rename ${id}` }).click();
  const field = card.getByLabel(`Name of key ${id}`);
  await expect(field).toBeFocused();
  await field.fill('old laptop');
  await card.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The key is now called “old laptop”.' })).toBeVisible();
  expect(await tagsInIam('taro')).toEqual([{ Key: id, Value: 'old laptop' }]);

  // Deleted by typing its name, in any case.
  await card.getByRole('switch', { name: `Key ${id} active` }).click();
  await expect.poll(() => keysInIam('taro')).toEqual([{ id, status: 'Inactive' }]);
  await card.getByRole('button', { name: `Delete… ${id}` }).click();
  const confirmDialog = page.getByRole('alertdialog', { name: 'Delete this access key?' });
  await expect(confirmDialog).toContainText('old laptop');
  await expect(confirmDialog.getByTestId('delete-last-used')).toContainText('eu-west-1');
  const typed = confirmDialog.getByLabel(`To confirm, type the key’s name (“old laptop”) or the last four characters of its ID (${id.slice(-4)}):`);
  await typed.fill('new laptop');
  await expect(confirmDialog.getByRole('button', { name: 'Delete key permanently' })).toBeDisabled();
  await typed.fill('  OLD Laptop ');
  await expectNoSeriousViolations(page, 'the delete dialog');
  await confirmDialog.getByRole('button', { name: 'Delete key permanently' }).click();
  await expect(confirmDialog).toBeHidden();
  expect(await keysInIam('taro')).toEqual([]);
  expect(await tagsInIam('taro')).toEqual([]);

  // The activity names what happened, the rename included.
  await page.goto('/activity');
  const rows = page.getByTestId('activity-entry');
  await expect(rows.filter({ hasText: 'Renamed an access key' }).filter({ hasText: id })).toHaveCount(1);
});

test('rotation with two keys: taro chooses by name and last use, is told what the key to delete was last used for', async ({ page }) => {
  test.setTimeout(90_000);
  const backup = await createNamedKeyInIam('taro', 'backup on my laptop');
  const sales = await createNamedKeyInIam('taro', 'sales spreadsheet');
  await useKey(backup, 'ap-northeast-1');
  await openSignedIn(page, '/keys/rotate', 'taro');

  // Each choice shows the key's name, when it was made and its last use (date, service, region).
  const salesChoice = page.getByRole('radio', { name: /sales spreadsheet/ });
  const backupChoice = page.getByRole('radio', { name: /backup on my laptop/ });
  await expect(backupChoice).not.toBeChecked();
  await expect(page.getByText(/by sts in ap-northeast-1/)).toBeVisible();
  await expect(page.locator('label').filter({ hasText: 'sales spreadsheet' })).toContainText('Never used');
  await expectNoSeriousViolations(page, 'rotation: choose');
  await salesChoice.check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // The other key must go first, and the page says what it was last used for.
  await expect(page.getByRole('heading', { name: 'Step 2 of 5: Make room for the new key' })).toBeFocused();
  const warning = page.getByTestId('last-use-warning');
  await expect(warning).toContainText('This key was last used on');
  await expect(warning).toContainText('by sts in ap-northeast-1');
  // It is still active, so it is never offered for deletion before it has been switched off.
  await expect(page.getByRole('button', { name: /Delete key/ })).toHaveCount(0);
  await page.getByRole('button', { name: `Deactivate key ${backup.id}` }).click();
  await page.getByRole('button', { name: `Delete key ${backup.id}…` }).click();
  const deleteDialog = page.getByRole('alertdialog', { name: 'Delete this access key?' });
  await expect(deleteDialog).toContainText('backup on my laptop');
  await deleteDialog.getByLabel(/To confirm, type the key’s name/).fill('Backup on my laptop');
  await deleteDialog.getByRole('button', { name: 'Delete key permanently' }).click();
  await expect(deleteDialog).toBeHidden();
  expect(await keysInIam('taro')).toEqual([{ id: sales.id, status: 'Active' }]);

  // The new key takes over the old one's name, unless taro changes it.
  await expect(page.getByRole('heading', { name: 'Step 3 of 5: Create the new key' })).toBeFocused();
  await expect(page.getByLabel('Where will you use this key? (optional)')).toHaveValue('sales spreadsheet');
  await page.getByRole('button', { name: 'Create the new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  const newId = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Show secret', exact: true }).click();
  const newSecret = (await dialog.getByTestId('new-secret-access-key').textContent()) ?? '';
  await dialog.getByRole('checkbox', { name: 'I have saved my secret access key' }).check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  expect(await tagsInIam('taro')).toEqual(
    expect.arrayContaining([
      { Key: sales.id, Value: 'sales spreadsheet' },
      { Key: newId, Value: 'sales spreadsheet' },
    ]),
  );
  expect(await tagsInIam('taro')).toHaveLength(2);

  // Moving the programs over: the new key's first use shows here too.
  await expect(page.getByRole('heading', { name: 'Step 4 of 5: Switch your programs to it' })).toBeFocused();
  await expect(page.getByTestId('first-use')).toContainText('Not used yet');
  await expectNoSeriousViolations(page, 'rotation: switch your programs');
  await useKey({ id: newId, secret: newSecret }, 'us-east-1');
  await expect(page.getByTestId('first-use')).toContainText(/First used at .+ from us-east-1 \(sts\)\./, { timeout: 30_000 });
});

test.describe('in Japanese', () => {
  test.beforeEach(async ({ context }) => {
    await context.addCookies([{ name: 'kagi-locale', value: 'ja', url: E2E_STACK.portalOrigin }]);
  });

  test('taro names a key in Japanese, sees the snippets and the first use, and deletes it by the end of its ID', async ({ page }) => {
    test.setTimeout(90_000);
    await openSignedIn(page, '/keys', 'taro');
    await page.getByRole('button', { name: 'アクセスキーを作成' }).click();
    await page.getByLabel('このキーをどこで使いますか？ （省略可）').fill('ノートパソコンのバックアップ');
    await page.getByRole('button', { name: 'キーを作成' }).click();
    const dialog = page.getByRole('dialog', { name: '新しいアクセスキー' });
    await expect(dialog.getByTestId('new-key-name')).toHaveText('ノートパソコンのバックアップ');
    const id = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
    await dialog.getByRole('button', { name: 'シークレットを表示', exact: true }).click();
    const secret = (await dialog.getByTestId('new-secret-access-key').textContent()) ?? '';
    await dialog.getByText('このキーをプログラムに設定する').click();
    // A name in Japanese makes no profile name of its own.
    await expect(dialog.getByTestId('setup-snippet')).toContainText('[kagi]');
    await expectNoSeriousViolations(page, 'the new-key dialog (ja)');
    expect(await tagsInIam('taro')).toEqual([{ Key: id, Value: 'ノートパソコンのバックアップ' }]);
    await dialog.getByRole('checkbox', { name: 'シークレットアクセスキーを保存しました' }).check();
    await dialog.getByRole('button', { name: '完了' }).click();

    const card = page.getByTestId('access-key').filter({ hasText: id });
    await expect(card.getByTestId('first-use')).toContainText('まだ使われていません');
    await useKey({ id, secret }, 'ap-northeast-1');
    await expect(card.getByTestId('first-use')).toContainText('ap-northeast-1 から初めて使われました', { timeout: 30_000 });
    await expectNoSeriousViolations(page, 'the keys page with a first use (ja)');

    await card.getByRole('switch').click();
    await expect.poll(() => keysInIam('taro')).toEqual([{ id, status: 'Inactive' }]);
    await card.getByRole('button', { name: new RegExp(`削除… ${id}`) }).click();
    const confirmDialog = page.getByRole('alertdialog', { name: 'このアクセスキーを削除しますか？' });
    await confirmDialog.getByRole('textbox').fill(id.slice(-4).toLowerCase());
    await expectNoSeriousViolations(page, 'the delete dialog (ja)');
    await confirmDialog.getByRole('button', { name: 'キーを完全に削除' }).click();
    await expect(confirmDialog).toBeHidden();
    expect(await keysInIam('taro')).toEqual([]);
    expect(await tagsInIam('taro')).toEqual([]);
  });
});

test('a refused creation says, on the page, when the next key can be made', async ({ page }) => {
  // mori's own count (nobody else makes keys as mori): use up the hour through the API, as a script might.
  await deleteAllKeys('mori');
  await openSignedIn(page, '/keys', 'mori');
  for (let i = 0; i < 11; i++) {
    const res = await page.request.post('/api/me/access-keys', { data: {}, headers: { origin: E2E_STACK.portalOrigin } });
    if (res.status() === 429) break;
    expect(res.status()).toBe(201);
    await deleteAllKeys('mori');
  }
  await page.getByRole('button', { name: 'Create access key' }).click();
  await page.getByRole('button', { name: 'Create the key' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'You can create the next one at' })).toContainText(/at \d{1,2}:\d{2}/);
  expect(await keysInIam('mori')).toEqual([]);
});
