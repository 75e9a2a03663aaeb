import { expect, test } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { openPersonFromSearch, showHelpdeskCode, signedInContext, uniqueTicket } from '../helpdesk/helpdesk-steps';
import { deleteAllKeys, keysInIam } from '../keys/iam-state';
import { putKnownPassword } from '../password/iam-password';
import { E2E_STACK, mailbox } from '../stack';

/**
 * What people hear about their credentials, in the demo mailbox (the local mail stand-in the
 * e2e stack starts): taro creates a key and is told; the help desk sets a temporary password
 * and taro is told who did it and under which ticket; the settings page turns reminders off.
 */
test.describe.configure({ mode: 'serial' });
const TARO = 'taro@example.com';

test.beforeAll(() => deleteAllKeys('taro'));
test.afterAll(async () => {
  await deleteAllKeys('taro');
  // The other specs expect taro's console password usable, not a temporary one.
  await putKnownPassword('taro');
});

async function waitForMail(match: (m: Awaited<ReturnType<typeof mailbox>>[number]) => boolean) {
  await expect.poll(async () => (await mailbox()).filter((m) => m.to.includes(TARO) && match(m)).length, { timeout: 15_000 }).toBe(1);
  return (await mailbox()).find((m) => m.to.includes(TARO) && match(m))!;
}

test('taro creates a key and the message arrives in the demo mailbox', async ({ page }) => {
  await openSignedIn(page, '/keys', 'taro');
  await page.getByRole('button', { name: 'Create access key' }).click();
  await page.getByRole('button', { name: 'Create the key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'I have saved my secret access key' }).check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  const [key] = await keysInIam('taro');
  expect(key).toBeDefined();

  const message = await waitForMail((m) => m.text.includes(key!.id));
  expect(message.subject).toBe('An access key was created for your AWS account');
  expect(message.text).toContain('You did this yourself, signed in to Kagi.');

  // The mailbox page shows it, text and all, as a person would read it.
  await page.goto(E2E_STACK.mailUrl);
  const article = page.getByRole('article', { name: message.subject }).filter({ hasText: key!.id });
  await expect(article).toBeVisible();
  await expect(article.getByRole('definition').first()).toHaveText(TARO);
  await article.getByRole('link', { name: /Show as HTML/ }).click();
  await expect(page.getByRole('link', { name: `${E2E_STACK.portalOrigin}/keys` })).toBeVisible();
});

test('the help desk sets a temporary password and taro is told, with the agent’s name and the ticket', async ({ browser }) => {
  test.setTimeout(90_000);
  await putKnownPassword('taro');
  const ticket = uniqueTicket();
  const person = await signedInContext(browser, 'taro', '/');
  const agent = await signedInContext(browser, 'sato', '/');
  const code = await showHelpdeskCode(person.page);
  const sato = agent.page;
  await openPersonFromSearch(sato, 'taro');
  const verify = sato.getByTestId('verify-section');
  await verify.getByLabel('Ticket reference').fill(ticket);
  await verify.getByLabel('Help-desk code (6 digits)').fill(code);
  await verify.getByRole('button', { name: 'Verify and open a case' }).click();
  await expect(sato.getByTestId('case-banner').getByTestId('case-ticket')).toHaveText(ticket);

  await sato.getByRole('button', { name: 'Set a temporary password…' }).click();
  await sato.getByRole('alertdialog', { name: 'Set a temporary console password?' }).getByRole('button', { name: 'Set a temporary password' }).click();
  const shown = sato.getByRole('dialog', { name: 'Temporary console password' });
  await shown.getByRole('checkbox', { name: 'I have passed it on to the person' }).check();
  await shown.getByRole('button', { name: 'Done' }).click();

  const opened = await waitForMail((m) => m.subject === 'The help desk opened a case about your account' && m.text.includes(ticket));
  expect(opened.text).toContain(`Sato Kenji of the help desk did this, under ticket ${ticket}.`);
  const told = await waitForMail((m) => m.subject === 'The help desk set a temporary console password for you' && m.text.includes(ticket));
  expect(told.text).toContain(`Sato Kenji of the help desk did this, under ticket ${ticket}.`);
  expect(told.text).toContain('it is not in this message');

  await person.page.goto(E2E_STACK.mailUrl);
  await expect(person.page.getByRole('article', { name: told.subject }).filter({ hasText: ticket })).toContainText('Sato Kenji of the help desk');
  await person.context.close();
  await agent.context.close();
});

test('taro turns reminders off on the settings page, with the keyboard, and back on', async ({ page }) => {
  await openSignedIn(page, '/', 'taro');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByText(TARO)).toBeVisible();
  const box = page.getByRole('checkbox', { name: 'Send me reminders about my access keys' });
  await expect(box).toBeChecked();
  await box.focus();
  await page.keyboard.press('Space');
  await expect(box).not.toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Save' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Saved. Kagi will not send you reminders.');
  await page.reload();
  await expect(box).not.toBeChecked();
  await box.check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved. Kagi will send you reminders.');
});
