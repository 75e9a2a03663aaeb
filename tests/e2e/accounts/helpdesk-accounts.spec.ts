import AxeBuilder from '@axe-core/playwright';
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand, type IAMClient } from '@aws-sdk/client-iam';
import { expect, test, type Page } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { showHelpdeskCode, uniqueTicket } from '../helpdesk/helpdesk-steps';
import { E2E_ACCOUNTS_STACK, accountsStackIam } from '../stack';

/**
 * Issue #21, the help desk on the two-account stack: sato searches "taro" and finds him twice
 * (Production and Sandbox), opens Sandbox's page, verifies him with his help-desk code and
 * deactivates his Sandbox key; IAM shows that key Inactive in Sandbox and Production's key
 * untouched, and the audit log names Sandbox. Desktop and phone, axe clean; once in Japanese.
 */
const { production, sandbox } = E2E_ACCOUNTS_STACK;
const iam = { production: accountsStackIam(production), sandbox: accountsStackIam(sandbox) };

const words = {
  en: {
    sandbox: 'Sandbox (2109-8765-4321)',
    production: 'Production (1234-5678-9012)',
    search: 'Find a person by name, e-mail address or AWS user name',
    title: 'Helping taro',
    shownAccount: 'AWS account: Sandbox (2109-8765-4321)',
    endCase: 'End the case',
    ticket: 'Ticket reference',
    code: 'Help-desk code (6 digits)',
    verify: 'Verify and open a case',
    deactivate: (id: string) => `Deactivate… ${id}`,
    confirmTitle: (id: string) => `Deactivate key ${id}?`,
    confirm: 'Deactivate the key',
    done: (id: string) => `Key ${id} is now inactive.`,
    auditColumn: 'AWS account',
  },
  ja: {
    sandbox: 'Sandbox（2109-8765-4321）',
    production: 'Production（1234-5678-9012）',
    search: '名前・メールアドレス・AWS ユーザー名で利用者を探す',
    title: 'taro さんの対応',
    shownAccount: 'AWS アカウント：Sandbox（2109-8765-4321）',
    endCase: 'ケースを終了',
    ticket: 'チケット番号',
    code: 'ヘルプデスクコード（6 桁）',
    verify: '確認してケースを開く',
    deactivate: (id: string) => `無効にする… ${id}`,
    confirmTitle: (id: string) => `キー ${id} を無効にしますか？`,
    confirm: 'キーを無効にする',
    done: (id: string) => `キー ${id} を無効にしました。`,
    auditColumn: 'AWS アカウント',
  },
} as const;

const runs = [
  { locale: 'en', device: 'desktop', viewport: { width: 1280, height: 800 } },
  { locale: 'en', device: 'phone', viewport: { width: 390, height: 844 } },
  { locale: 'ja', device: 'phone', viewport: { width: 390, height: 844 } },
] as const;

async function keysOf(client: IAMClient, userName: string): Promise<{ id: string; status: string }[]> {
  const res = await client.send(new ListAccessKeysCommand({ UserName: userName }));
  return (res.AccessKeyMetadata ?? []).map((key) => ({ id: key.AccessKeyId ?? '', status: key.Status ?? '' }));
}

/** Leaves taro exactly one active key in the account, made behind the UI; returns its ID. */
async function freshKey(client: IAMClient): Promise<string> {
  for (const { id } of await keysOf(client, 'taro')) await client.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: id }));
  const created = await client.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
  return created.AccessKey?.AccessKeyId ?? '';
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

for (const { locale, device, viewport } of runs) {
  test(`${locale}, ${device}: sato finds taro in both accounts and deactivates his Sandbox key in a Sandbox case`, async ({ browser }) => {
    const w = words[locale];
    const where = `${locale}/${device}`;
    const sandboxKey = await freshKey(iam.sandbox);
    const productionKey = await freshKey(iam.production);
    const ticket = uniqueTicket();

    // taro signs in afresh (a code needs a recent sign-in) and reads out his help-desk code.
    const taroContext = await browser.newContext();
    const taro = await taroContext.newPage();
    await openSignedIn(taro, '/', 'taro');
    const code = await showHelpdeskCode(taro);

    const satoContext = await browser.newContext({ viewport });
    await satoContext.addCookies([{ name: 'kagi-locale', value: locale, url: E2E_ACCOUNTS_STACK.portalOrigin }]);
    const sato = await satoContext.newPage();
    await openSignedIn(sato, '/helpdesk', 'sato');

    // One search, every account: taro twice, each hit naming its account.
    await sato.getByLabel(w.search).fill('taro');
    const hits = sato.getByTestId('search-result').filter({ has: sato.getByRole('link', { name: 'taro', exact: true }) });
    await expect(hits).toHaveCount(2);
    await expect(hits.filter({ hasText: w.production })).toHaveCount(1);
    const sandboxHit = hits.filter({ hasText: w.sandbox });
    await expect(sandboxHit).toHaveCount(1);
    await expectNoSideways(sato, `search (${where})`);
    await expectAxeClean(sato, `search (${where})`);

    await sandboxHit.getByRole('link', { name: 'taro', exact: true }).click();
    await expect(sato).toHaveURL(new RegExp(`/helpdesk/taro\\?account=${sandbox.id}$`));
    await expect(sato.getByRole('heading', { level: 1, name: w.title })).toBeVisible();
    await expect(sato.getByTestId('person-account')).toHaveText(w.shownAccount);
    // The same person's page in Production is one link away.
    await expect(sato.getByTestId('person-other-accounts').getByRole('link', { name: w.production })).toHaveAttribute('href', `/helpdesk/taro?account=${production.id}`);
    // The overview is Sandbox's: its key, not Production's.
    await expect(sato.getByTestId('overview-key').filter({ hasText: sandboxKey })).toBeVisible();
    await expect(sato.getByText(productionKey)).toHaveCount(0);

    // A case an earlier run left open is ended first.
    const banner = sato.getByTestId('case-banner');
    await expect(banner.or(sato.getByTestId('verify-section'))).toBeVisible();
    if (await banner.isVisible()) await banner.getByRole('button', { name: w.endCase }).click();

    const verify = sato.getByTestId('verify-section');
    await verify.getByLabel(w.ticket).fill(ticket);
    await verify.getByLabel(w.code).fill(code);
    await verify.getByRole('button', { name: w.verify }).click();
    await expect(banner.getByTestId('case-ticket')).toHaveText(ticket);
    await expect(banner.getByTestId('case-account')).toHaveText(w.sandbox);
    await expectNoSideways(sato, `person in Sandbox (${where})`);
    await expectAxeClean(sato, `person in Sandbox (${where})`);

    await sato.getByRole('button', { name: w.deactivate(sandboxKey) }).click();
    const dialog = sato.getByRole('alertdialog', { name: w.confirmTitle(sandboxKey) });
    await dialog.getByRole('button', { name: w.confirm }).click();
    await expect(dialog).toBeHidden();
    await expect(sato.getByRole('status').filter({ hasText: w.done(sandboxKey) })).toBeVisible();

    // IAM: Sandbox's key is off, Production's is as it was.
    await expect.poll(() => keysOf(iam.sandbox, 'taro')).toEqual([{ id: sandboxKey, status: 'Inactive' }]);
    expect(await keysOf(iam.production, 'taro')).toEqual([{ id: productionKey, status: 'Active' }]);

    // The audit log names the account of the change.
    await sato.goto(`/helpdesk/audit?ticket=${ticket}`);
    await expect(sato.getByRole('columnheader', { name: w.auditColumn })).toBeVisible();
    const entry = sato.getByTestId('audit-entry').filter({ hasText: sandboxKey });
    await expect(entry).toHaveCount(1);
    await expect(entry.getByTestId('audit-entry-account')).toHaveText(w.sandbox);
    await expectAxeClean(sato, `audit (${where})`);

    await taroContext.close();
    await satoContext.close();
  });
}
