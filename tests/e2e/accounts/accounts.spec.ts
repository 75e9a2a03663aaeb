import AxeBuilder from '@axe-core/playwright';
import { DeleteAccessKeyCommand, ListAccessKeysCommand, type IAMClient } from '@aws-sdk/client-iam';
import { expect, test, type Page } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { E2E_ACCOUNTS_STACK, accountsStackIam } from '../stack';

/**
 * Issue #21 on the two-account stack (`node local/demo.mjs --e2e-accounts`): taro has a user in
 * Production and in Sandbox. He picks Sandbox, creates a key there, and sees it only there,
 * in both languages, on a desktop and on a phone, with no sideways scrolling and axe clean.
 */
const { production, sandbox } = E2E_ACCOUNTS_STACK;
const iam = { production: accountsStackIam(production), sandbox: accountsStackIam(sandbox) };

const words = {
  en: {
    sandbox: 'Sandbox (2109-8765-4321)',
    production: 'Production (1234-5678-9012)',
    picker: 'AWS account',
    create: 'Create access key',
    createSubmit: 'Create the key',
    dialog: 'Your new access key',
    saved: 'I have saved my secret access key',
    done: 'Done',
    keysIn: 'Access keys in Sandbox',
  },
  ja: {
    sandbox: 'Sandbox（2109-8765-4321）',
    production: 'Production（1234-5678-9012）',
    picker: 'AWS アカウント',
    create: 'アクセスキーを作成',
    createSubmit: 'キーを作成',
    dialog: '新しいアクセスキー',
    saved: 'シークレットアクセスキーを保存しました',
    done: '完了',
    keysIn: 'Sandbox のアクセスキー',
  },
} as const;

const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function keysOf(client: IAMClient, userName: string): Promise<string[]> {
  const res = await client.send(new ListAccessKeysCommand({ UserName: userName }));
  return (res.AccessKeyMetadata ?? []).map((key) => key.AccessKeyId ?? '');
}

async function deleteAll(client: IAMClient, userName: string): Promise<void> {
  for (const id of await keysOf(client, userName)) await client.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: id }));
}

async function expectNoSideways(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways scrolling on ${what}`).toBeLessThanOrEqual(0);
}

async function expectAxeClean(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) console.log(`axe on ${what}:\n${serious.map((v) => `- ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')}`);
  expect(serious, `serious or critical axe violations on ${what}`).toEqual([]);
}

test.describe.configure({ mode: 'serial' });

for (const locale of ['en', 'ja'] as const) {
  for (const [device, viewport] of Object.entries(viewports)) {
    test.describe(`${locale}, ${device}`, () => {
      test.use({ viewport });
      test.beforeEach(async ({ context }) => {
        await context.addCookies([{ name: 'kagi-locale', value: locale, url: E2E_ACCOUNTS_STACK.portalOrigin }]);
        await deleteAll(iam.production, 'taro');
        await deleteAll(iam.sandbox, 'taro');
      });

      test('taro picks Sandbox, creates a key there, and sees it only in Sandbox', async ({ page }) => {
        const w = words[locale];
        const where = `${locale}/${device}`;

        // Home: one summary per account, each by name with its ID.
        await openSignedIn(page, '/', 'taro');
        await expect(page.getByRole('heading', { level: 2, name: w.production })).toBeVisible();
        await expect(page.getByRole('heading', { level: 2, name: w.sandbox })).toBeVisible();
        await expectNoSideways(page, `home (${where})`);
        await expectAxeClean(page, `home (${where})`);

        // From Sandbox's card to its keys page; the picker marks Sandbox.
        await page.getByRole('link', { name: w.keysIn }).click();
        await expect(page).toHaveURL(new RegExp(`/keys\\?account=${sandbox.id}$`));
        const picker = page.getByRole('navigation', { name: w.picker });
        await expect(picker.getByRole('link', { name: w.sandbox })).toHaveAttribute('aria-current', 'page');
        await expect(picker.getByRole('link', { name: w.production })).not.toHaveAttribute('aria-current', 'page');
        await expect(page.getByTestId('access-key')).toHaveCount(0);

        await page.getByRole('button', { name: w.create }).click();
        await page.getByRole('button', { name: w.createSubmit }).click();
        const dialog = page.getByRole('dialog', { name: w.dialog });
        await expect(dialog).toBeVisible();
        const id = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
        expect(id).toMatch(/^AKIA\w+$/);
        await dialog.getByRole('checkbox', { name: w.saved }).check();
        await dialog.getByRole('button', { name: w.done }).click();
        await expect(dialog).toBeHidden();
        await expect(page.getByTestId('access-key').filter({ hasText: id })).toBeVisible();
        await expectNoSideways(page, `keys in Sandbox (${where})`);
        await expectAxeClean(page, `keys in Sandbox (${where})`);

        // IAM itself: the key is taro's in Sandbox, and Production has none.
        expect(await keysOf(iam.sandbox, 'taro')).toEqual([id]);
        expect(await keysOf(iam.production, 'taro')).toEqual([]);

        // Production's page does not show it.
        await picker.getByRole('link', { name: w.production }).click();
        await expect(page).toHaveURL(new RegExp(`/keys\\?account=${production.id}$`));
        await expect(page.getByRole('navigation', { name: w.picker }).getByRole('link', { name: w.production })).toHaveAttribute('aria-current', 'page');
        await expect(page.getByTestId('access-key')).toHaveCount(0);
        await expect(page.getByText(id)).toHaveCount(0);

        // Sandbox's activity names the account on the line.
        await page.goto(`/activity?account=${sandbox.id}`);
        const line = page.getByTestId('activity-entry').filter({ hasText: id });
        await expect(line.getByTestId('activity-account')).toHaveText(w.sandbox);
        await expectNoSideways(page, `activity (${where})`);
        await expectAxeClean(page, `activity in Sandbox (${where})`);
      });
    });
  }
}

test('an account taro has no user in is said plainly, and nothing of another account shows', async ({ page }) => {
  await openSignedIn(page, '/keys?account=999999999999', 'taro');
  await expect(page.getByTestId('account-not-found')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'You have no AWS user in this AWS account' })).toBeVisible();
  await expect(page.getByRole('link', { name: words.en.sandbox })).toHaveAttribute('href', `/keys?account=${sandbox.id}`);
});

test('hanako, with a user in Production only, sees no picker', async ({ page }) => {
  await openSignedIn(page, '/keys', 'hanako');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('account-picker')).toHaveCount(0);
  await page.goto('/');
  await expect(page.getByTestId('account-summary')).toHaveCount(0);
  await expect(page.getByTestId('keys-summary')).toBeVisible();
});
