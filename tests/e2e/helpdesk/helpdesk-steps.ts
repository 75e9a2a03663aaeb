import { DeleteLoginProfileCommand, GetLoginProfileCommand } from '@aws-sdk/client-iam';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { adminIam, E2E_STACK } from '../stack';

/** A ticket reference no other run has used, so audit filters find this run's entries only. */
export function uniqueTicket(): string {
  return `INC-${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1000)}`;
}

/** A browser context of its own, signed in as `userName`, on `path`. */
export async function signedInContext(browser: Browser, userName: string, path: string, locale?: 'en' | 'ja'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  if (locale) await context.addCookies([{ name: 'kagi-locale', value: locale, url: E2E_STACK.portalOrigin }]);
  const page = await context.newPage();
  await openSignedIn(page, path, userName);
  return { context, page };
}

/** The person shows their help-desk code on their home page; returns its six digits. */
export async function showHelpdeskCode(page: Page): Promise<string> {
  await page.goto('/');
  const card = page.getByTestId('helpdesk-code-card');
  await expect(card.getByRole('heading', { name: 'Talking to the help desk?' })).toBeVisible();
  const button = card.getByRole('button', { name: /Show my help-desk code|Get a new code/ });
  await button.click();
  const digits = card.getByTestId('helpdesk-code');
  await expect(digits).toHaveText(/\d\s*\d\s*\d\s*\d\s*\d\s*\d/);
  await expect(card.getByTestId('helpdesk-code-expiry')).toContainText(/Valid for (9|10):\d\d more/);
  return ((await digits.textContent()) ?? '').replace(/\D/g, '');
}

/**
 * The agent finds the person through the search box and opens their page, ready to verify:
 * a case an earlier test left open (cases outlive a page for 30 minutes) is ended first.
 */
export async function openPersonFromSearch(page: Page, userName: string): Promise<void> {
  await page.goto('/helpdesk');
  await page.getByLabel('Find a person by name, e-mail address or AWS user name').fill(userName);
  await page.getByRole('link', { name: userName, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Helping ${userName}`, level: 1 })).toBeVisible();
  const banner = page.getByTestId('case-banner');
  await expect(banner.or(page.getByTestId('verify-section'))).toBeVisible();
  if (await banner.isVisible()) await banner.getByRole('button', { name: 'End the case' }).click();
  await expect(page.getByTestId('verify-section')).toBeVisible();
}

/** The agent, on the person's page, opens a case verified "another way" (a call back), under `ticket`. */
export async function verifyAnotherWay(page: Page, ticket: string): Promise<void> {
  const verify = page.getByTestId('verify-section');
  await verify.getByLabel('Ticket reference').fill(ticket);
  await verify.getByRole('radio', { name: /Another way/ }).check();
  await verify.getByLabel('How you verified the person').fill('Called back on the desk phone in the staff directory');
  await verify.getByRole('button', { name: 'Verify and open a case' }).click();
  await expect(page.getByTestId('case-banner').getByTestId('case-ticket')).toHaveText(ticket);
  // Four eyes: a second member of the help desk approves before anything can be done.
  const userName = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await approveAsSecondAgent(page.context().browser()!, userName, ticket, 'Called back on the desk phone in the staff directory');
  await expect(page.getByTestId('approval-wait')).toHaveCount(0, { timeout: 15_000 });
}

export async function hasLoginProfile(userName: string): Promise<{ exists: boolean; resetRequired?: boolean }> {
  try {
    const { LoginProfile } = await adminIam().send(new GetLoginProfileCommand({ UserName: userName }));
    return { exists: true, resetRequired: LoginProfile?.PasswordResetRequired ?? false };
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchEntityException') return { exists: false };
    throw error;
  }
}

export async function removeLoginProfile(userName: string): Promise<void> {
  if ((await hasLoginProfile(userName)).exists) await adminIam().send(new DeleteLoginProfileCommand({ UserName: userName }));
}

/**
 * Four eyes: mori, a second member of the help desk, approves from the help-desk page the
 * case that sato opened "another way" for `userName` under `ticket`.
 */
export async function approveAsSecondAgent(browser: Browser, userName: string, ticket: string, how: string): Promise<void> {
  const second = await signedInContext(browser, 'mori', '/helpdesk');
  const approvals = second.page.getByTestId('approvals');
  await expect(approvals.getByRole('heading', { name: 'Cases waiting for your approval' })).toBeVisible();
  const pending = approvals.getByTestId('approval-case').filter({ hasText: ticket });
  await expect(pending).toContainText(`${userName}, verified by Sato Kenji (ticket ${ticket})`);
  await expect(pending).toContainText(how);
  await pending.getByRole('button', { name: `Approve the case for ${userName} opened by Sato Kenji` }).click();
  await expect(approvals.getByRole('status')).toHaveText(`Approved. Sato Kenji can now help ${userName}.`);
  await second.context.close();
}
