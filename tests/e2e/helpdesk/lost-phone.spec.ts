import { expect, test } from '@playwright/test';
import { addAppInIam, consecutiveCodes, mfaDevicesInIam, removeAllMfa, virtualDevicesInIam } from '../mfa/mfa-state';
import { openPersonFromSearch, signedInContext, uniqueTicket, verifyAnotherWay } from './helpdesk-steps';

/**
 * "I have a new phone": hanako lost the phone her authenticator app was on. sato (help desk)
 * verifies her another way (so mori approves first), removes the lost device under the ticket,
 * and asks her, in a guided reset, to set up MFA again; hanako does it in her own browser
 * while sato sees the step go from not started to done. IAM is checked after each step.
 */
test.describe.configure({ mode: 'serial' });
test.beforeAll(() => removeAllMfa('hanako'));
test.afterAll(() => removeAllMfa('hanako'));

test('sato removes hanako’s lost phone under a ticket, and sees her set up MFA again herself', async ({ browser }) => {
  test.setTimeout(180_000);
  const lost = await addAppInIam('hanako', 'Old phone');
  const ticket = uniqueTicket();

  const agent = await signedInContext(browser, 'sato', '/');
  const sato = agent.page;
  await openPersonFromSearch(sato, 'hanako');
  const devices = sato.getByTestId('overview-mfa');
  await expect(devices.getByRole('heading')).toHaveText('MFA devices (1 of 8)');
  await expect(devices.getByRole('listitem', { name: 'Old phone' })).toContainText('Authenticator app');
  // Nothing can be done before verification.
  await expect(sato.getByTestId('actions-section')).toHaveCount(0);

  await verifyAnotherWay(sato, ticket);
  const actions = sato.getByTestId('actions-section');
  await actions.getByRole('button', { name: 'Remove (lost device)… Old phone' }).click();
  const confirm = sato.getByRole('alertdialog', { name: 'Remove “Old phone”?' });
  await expect(confirm).toContainText('AWS stops accepting codes from this device at once.');
  await confirm.getByRole('button', { name: 'Remove the device' }).click();
  await expect(sato.getByRole('status').filter({ hasText: '“Old phone” has been removed.' })).toBeVisible();
  await expect(devices.getByRole('heading')).toHaveText('MFA devices (0 of 8)');
  expect(await mfaDevicesInIam('hanako')).toEqual([]);
  expect(await virtualDevicesInIam('Any')).not.toContain(lost.serial);

  // The guided reset: one step, set up MFA again.
  const start = sato.getByTestId('guided-start');
  await start.getByRole('checkbox', { name: /Set up MFA again/ }).check();
  await start.getByRole('button', { name: 'Start the guided reset' }).click();
  const progress = sato.getByTestId('guided-progress');
  const step = progress.locator('[data-testid="guided-step"][data-step="set-up-mfa"]');
  await expect(step).toHaveAttribute('data-state', 'not-started');

  // hanako, in her own browser, follows the request from her home page.
  const person = await signedInContext(browser, 'hanako', '/');
  const hanako = person.page;
  const card = hanako.getByTestId('guided-card');
  await expect(card).toContainText(`The help desk (Sato Kenji, ticket ${ticket}) has asked you to:`, { timeout: 15_000 });
  await card.locator('[data-testid="guided-card-step"][data-step="set-up-mfa"]').getByRole('link', { name: 'Go to MFA devices' }).click();
  await expect(hanako).toHaveURL('/mfa');
  await hanako.getByRole('button', { name: 'Add an authenticator app' }).click();
  const dialog = hanako.getByRole('dialog');
  await dialog.getByLabel('Name for this device').fill('New phone');
  await dialog.getByRole('button', { name: 'Continue' }).click();
  const seed = ((await dialog.getByTestId('mfa-secret').textContent()) ?? '').replace(/ /g, '');
  expect(seed).toMatch(/^[A-Z2-7]{64}$/);

  // Started: sato sees it in progress (the device exists, its codes not yet given).
  await expect(step).toHaveAttribute('data-state', 'in-progress', { timeout: 10_000 });
  // The agent's page never shows the key.
  expect(await sato.content()).not.toContain(seed);

  await dialog.getByRole('button', { name: 'Next: enter two codes' }).click();
  const [code1, code2] = consecutiveCodes(seed);
  await dialog.getByLabel('First code').fill(code1);
  await dialog.getByLabel('Next code').fill(code2);
  await dialog.getByRole('button', { name: 'Finish set-up' }).click();
  await expect(dialog.getByRole('heading', { name: 'Authenticator app added' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect(step).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
  await expect(progress.getByTestId('guided-status')).toHaveText('Completed: every step is done.');
  await expect(devices.getByRole('listitem', { name: 'New phone' })).toBeVisible({ timeout: 10_000 });
  const inUse = await mfaDevicesInIam('hanako');
  expect(inUse).toHaveLength(1);
  expect(inUse[0]).toMatch(/:mfa\/staff\/hanako\/hanako-[a-z0-9]{8}$/);

  // hanako's activity names the help desk's removal with its ticket, and her own new device.
  await hanako.goto('/activity');
  const rows = hanako.getByTestId('activity-entry');
  await expect(rows.filter({ hasText: 'Removed an MFA device' })).toContainText(`The help desk (Sato Kenji), ticket ${ticket}`);
  await expect(rows.filter({ hasText: 'Added an authenticator app (codes checked)' }).first()).toContainText(ticket);

  await person.context.close();
  await agent.context.close();
});
