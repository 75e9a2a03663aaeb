import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { signedInContext } from './helpdesk-steps';

async function expectNoSeriousViolations(page: Page, what: string) {
  // Next streams a dynamic page's metadata after its shell: the <title> may come a moment later.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    console.log(`axe violations on ${what}:\n${serious.map((v) => `- [${v.impact}] ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')}`);
  }
  expect(serious, `serious or critical axe violations on ${what}`).toEqual([]);
}

test.describe.configure({ mode: 'serial' });

test('taro, who is not help desk, gets a plain explanation on every help-desk page and no Help desk tab', async ({ page }) => {
  await openSignedIn(page, '/helpdesk', 'taro');
  await expect(page.getByRole('heading', { name: 'This page is for help-desk staff', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help desk' })).toHaveCount(0);
  for (const path of ['/helpdesk/hanako', '/helpdesk/audit']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'This page is for help-desk staff', level: 1 })).toBeVisible();
    await expect(page.getByLabel('Ticket reference')).toHaveCount(0);
  }
});

test('sato searching “sato” finds himself marked as someone he cannot help, and his own page says why', async ({ page }) => {
  await openSignedIn(page, '/', 'sato');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help desk' }).click();
  await expect(page.getByRole('heading', { name: 'Help desk', level: 1 })).toBeVisible();
  await page.getByLabel('Find a person by name, e-mail address or AWS user name').fill('sato');
  const result = page.getByTestId('search-result').filter({ hasText: 'sato' });
  await expect(result).toContainText('You cannot help this person');
  await expect(result).toContainText('This is you.');
  await expect(result.getByRole('link')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'One person matches.' })).toBeVisible();
  // The search is kept in the address.
  await expect(page).toHaveURL(/\/helpdesk\?q=sato$/);

  await page.getByLabel('Find a person by name, e-mail address or AWS user name').fill('ta');
  await expect(page.getByRole('link', { name: 'taro', exact: true })).toBeVisible();

  await page.goto('/helpdesk/sato');
  await expect(page.getByRole('heading', { name: 'You cannot help sato here', level: 1 })).toBeVisible();
  await expect(page.getByText('This is you.')).toBeVisible();
  await page.goto('/helpdesk/no-such-person');
  await expect(page.getByRole('heading', { name: 'No such person', level: 1 })).toBeVisible();
});

test('sato finds taro by his real name or his address, and sees both beside the AWS user name', async ({ browser }) => {
  // taro has signed in (the first test), so Kagi has his name and verified address.
  for (const [locale, label, query] of [
    ['en', 'Find a person by name, e-mail address or AWS user name', 'yamada'],
    ['ja', '名前・メールアドレス・AWS ユーザー名で利用者を探す', 'TARO@EXAMPLE'],
  ] as const) {
    const { context, page } = await signedInContext(browser, 'sato', '/helpdesk', locale);
    await page.getByLabel(label).fill(query);
    const result = page.getByTestId('search-result');
    await expect(result).toHaveCount(1);
    await expect(result.getByRole('link', { name: 'taro', exact: true })).toBeVisible();
    await expect(result.getByTestId('search-result-person')).toHaveText('Taro Yamada · taro@example.com');
    await context.close();
  }
});

for (const locale of ['en', 'ja'] as const) {
  test(`help-desk pages in ${locale} have no serious axe violations`, async ({ browser }) => {
    const { context, page } = await signedInContext(browser, 'sato', '/helpdesk', locale);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await page.getByRole('searchbox').fill('a');
    await expect(page.getByTestId('search-result').first()).toBeVisible();
    await expectNoSeriousViolations(page, `/helpdesk (${locale})`);

    await page.goto('/helpdesk/taro');
    await expect(page.getByTestId('verify-section')).toBeVisible();
    await expectNoSeriousViolations(page, `/helpdesk/taro (${locale})`);
    await page.getByTestId('verify-section').getByRole('radio').nth(1).check();
    await page.getByTestId('verify-section').getByRole('button').click();
    await expect(page.getByTestId('verify-section').locator('[aria-invalid="true"]').first()).toBeVisible();
    await expectNoSeriousViolations(page, `/helpdesk/taro, another way, with errors (${locale})`);

    await page.goto('/helpdesk/audit');
    await expect(page.getByTestId('audit-summary')).not.toBeEmpty();
    await expectNoSeriousViolations(page, `/helpdesk/audit (${locale})`);
    await context.close();

    // The person's side: the home page with a help-desk code showing.
    const person = await signedInContext(browser, 'hanako', '/', locale);
    await person.page.getByTestId('helpdesk-code-card').getByRole('button').click();
    await expect(person.page.getByTestId('helpdesk-code')).toBeVisible();
    await expectNoSeriousViolations(person.page, `/ with a help-desk code (${locale})`);
    await person.context.close();
  });
}
