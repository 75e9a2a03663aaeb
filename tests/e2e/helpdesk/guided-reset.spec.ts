import { expect, test } from '@playwright/test';
import { createKeyInIam, deleteAllKeys, keysInIam } from '../keys/iam-state';
import { provePasswordInIam, putKnownPassword, uniquePassword } from '../password/iam-password';
import { E2E_STACK } from '../stack';
import { openPersonFromSearch, showHelpdeskCode, signedInContext, uniqueTicket } from './helpdesk-steps';

/**
 * The whole guided reset, with two people at once: sato (help desk) in one browser, taro in
 * another. taro reads his code out, sato verifies him and asks for two steps, taro does them in
 * his own Kagi while sato watches them turn to done; then IAM and both audit views agree.
 */
test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
test.afterAll(() => deleteAllKeys('taro'));

test('sato guides taro through a new console password and a key rotation, and sees each step done', async ({ browser }) => {
  test.setTimeout(180_000);
  const oldPassword = await putKnownPassword('taro');
  await deleteAllKeys('taro');
  const oldKeyId = await createKeyInIam('taro');
  const ticket = uniqueTicket();

  const person = await signedInContext(browser, 'taro', '/');
  const agent = await signedInContext(browser, 'sato', '/');
  const taro = person.page;
  const sato = agent.page;

  // taro: the help-desk code, large and spaced, with its countdown.
  const code = await showHelpdeskCode(taro);
  expect(code).toMatch(/^\d{6}$/);

  // sato: the help-desk tab, search, taro's overview.
  await expect(sato.getByRole('link', { name: 'Help desk' })).toBeVisible();
  await openPersonFromSearch(sato, 'taro');
  await expect(sato.getByTestId('overview-console')).toContainText('On');
  await expect(sato.getByRole('listitem', { name: `Access key ${oldKeyId}` })).toContainText('Active');
  // Nothing can be done before verification.
  await expect(sato.getByTestId('actions-section')).toHaveCount(0);

  const verify = sato.getByTestId('verify-section');
  await verify.getByLabel('Ticket reference').fill(ticket);
  const codeField = verify.getByLabel('Help-desk code (6 digits)');
  await expect(codeField).toHaveAttribute('inputmode', 'numeric');
  await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
  await codeField.fill(code);
  await verify.getByRole('button', { name: 'Verify and open a case' }).click();
  const caseBanner = sato.getByTestId('case-banner');
  await expect(caseBanner).toContainText('taro is verified');
  await expect(caseBanner.getByTestId('case-ticket')).toHaveText(ticket);
  await expect(caseBanner).toContainText('Help-desk code');
  // taro's page stops counting down: the code has been used, and by whom.
  const taroCard = taro.getByTestId('helpdesk-code-card');
  await expect(taroCard.getByTestId('helpdesk-code-used')).toContainText('The help desk (', { timeout: 10_000 });
  await expect(taroCard.getByTestId('helpdesk-code-expiry')).toHaveCount(0);
  await expect(taroCard.getByTestId('helpdesk-code')).toHaveCount(0);
  await expect(caseBanner).toContainText(/in (29|30) minutes/);

  // sato asks for two steps.
  const start = sato.getByTestId('guided-start');
  await start.getByRole('checkbox', { name: /Set a new console password/ }).check();
  await start.getByRole('checkbox', { name: /Rotate an access key/ }).check();
  await start.getByRole('button', { name: 'Start the guided reset' }).click();
  const progress = sato.getByTestId('guided-progress');
  await expect(progress.getByRole('heading', { name: 'Guided reset for taro' })).toBeFocused();
  await expect(progress.getByTestId('guided-status')).toHaveText('Waiting for the person…');
  const satoStep = (step: string) => progress.locator(`[data-testid="guided-step"][data-step="${step}"]`);
  await expect(satoStep('set-console-password')).toHaveAttribute('data-state', 'not-started');
  await expect(satoStep('rotate-access-key')).toHaveAttribute('data-state', 'not-started');

  // taro sees the request on his home page (it polls).
  const card = taro.getByTestId('guided-card');
  await expect(card).toContainText(`The help desk (Sato Kenji, ticket ${ticket}) has asked you to:`, { timeout: 15_000 });
  const taroStep = (step: string) => card.locator(`[data-testid="guided-card-step"][data-step="${step}"]`);
  await expect(taroStep('set-console-password')).toContainText('Not started');

  // Step 1 in taro's own session: a new console password on /password.
  await taroStep('set-console-password').getByRole('link', { name: 'Go to Console password' }).click();
  await expect(taro).toHaveURL('/password');
  const newPassword = uniquePassword();
  await taro.getByLabel('New password', { exact: true }).fill(newPassword);
  await taro.getByLabel('Type it again').fill(newPassword);
  await taro.getByRole('button', { name: 'Change password' }).click();
  await expect(taro.getByRole('status').filter({ hasText: 'Your console password has been changed' })).toBeVisible();

  // sato's page shows it done, and says so to a screen reader.
  await expect(satoStep('set-console-password')).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
  await expect(satoStep('set-console-password')).toContainText('Done');
  await expect(progress.getByTestId('guided-announcement')).toContainText('Set a new console password: Done.');
  expect(await sato.content()).not.toContain(newPassword);

  // Step 2: the rotation, from the home card.
  await taro.goto('/');
  await expect(taroStep('set-console-password')).toContainText('Done');
  await taroStep('rotate-access-key').getByRole('link', { name: 'Start replacing a key' }).click();
  await expect(taro).toHaveURL('/keys/rotate');
  await expect(taro.getByRole('radio', { name: new RegExp(oldKeyId) })).toBeChecked();
  await taro.getByRole('button', { name: 'Continue' }).click();
  await expect(taro.getByRole('heading', { name: 'Step 2 of 4: Create the new key' })).toBeFocused();
  await taro.getByRole('button', { name: 'Create the new key' }).click();
  const dialog = taro.getByRole('dialog', { name: 'Your new access key' });
  const newKeyId = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
  expect(newKeyId).toMatch(/^AKIA\w+$/);
  await dialog.getByRole('checkbox', { name: 'I have saved my secret access key' }).check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  // Half-way: sato sees the rotation in progress.
  await expect(satoStep('rotate-access-key')).toHaveAttribute('data-state', 'in-progress', { timeout: 10_000 });
  await expect(satoStep('rotate-access-key')).toContainText('In progress');

  await taro.getByRole('checkbox', { name: 'I have put the new key in every app that used the old one' }).check();
  await taro.getByRole('button', { name: 'Deactivate the old key' }).click();
  await taro.getByRole('checkbox', { name: 'Everything still works' }).check();
  await taro.getByRole('button', { name: 'Delete the old key…' }).click();
  const deleteDialog = taro.getByRole('alertdialog', { name: 'Delete this access key?' });
  await deleteDialog.getByLabel(/To confirm, type the last four characters/).fill(oldKeyId.slice(-4));
  await deleteDialog.getByRole('button', { name: 'Delete key permanently' }).click();
  await expect(taro.getByRole('heading', { name: 'All done' })).toBeVisible();

  // sato: both done, the session complete; the overview shows the new key only.
  await expect(satoStep('rotate-access-key')).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
  await expect(progress.getByTestId('guided-status')).toHaveText('Completed: every step is done.');
  await expect(progress.getByRole('button', { name: 'Cancel session' })).toHaveCount(0);
  await expect(sato.getByRole('listitem', { name: `Access key ${newKeyId}` })).toBeVisible();
  await expect(sato.getByRole('listitem', { name: `Access key ${oldKeyId}` })).toHaveCount(0);

  // taro's home no longer shows the request.
  await taro.goto('/');
  await expect(taro.getByTestId('guided-card')).toHaveCount(0);

  // IAM: the old key is gone, the new one is active, and the new password is the stored one.
  expect(await keysInIam('taro')).toEqual([{ id: newKeyId, status: 'Active' }]);
  const proof = await provePasswordInIam('taro', { stored: newPassword, notStored: [oldPassword] });
  expect(proof.refused).toEqual(['AccessDenied']);
  expect(proof.acceptedStored).toBe('ok');

  // taro's activity shows his own changes under the ticket, and the help desk's.
  await taro.goto('/activity');
  const rows = taro.getByTestId('activity-entry');
  await expect(rows.filter({ hasText: 'Set the console password' }).filter({ hasText: ticket })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Deleted an access key' }).filter({ hasText: oldKeyId })).toContainText(ticket);
  await expect(rows.filter({ hasText: 'Confirmed it was you' }).filter({ hasText: `The help desk (Sato Kenji), ticket ${ticket}` })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Asked you to follow a guided reset' })).toContainText(ticket);

  // sato's audit log, filtered by the ticket.
  await sato.getByRole('link', { name: 'Audit log' }).click();
  await sato.getByLabel('Ticket').fill(ticket);
  await sato.getByRole('button', { name: 'Show entries' }).click();
  await expect(sato).toHaveURL(new RegExp(`/helpdesk/audit\\?ticket=${ticket}`));
  const entries = sato.getByTestId('audit-entry');
  await expect(entries.filter({ hasText: 'Verified the person’s identity' })).toContainText('Help-desk code');
  await expect(entries.filter({ hasText: 'Started a guided reset' })).toHaveCount(1);
  await expect(entries.filter({ hasText: 'Set the console password' })).toContainText('taro');
  await expect(entries.filter({ hasText: 'Created an access key' })).toHaveCount(1);
  await expect(entries.filter({ hasText: 'Deleted an access key' }).filter({ hasText: oldKeyId })).toContainText('Done');
  await expect(sato.getByTestId('audit-csv')).toHaveAttribute('href', `/api/helpdesk/audit?ticket=${ticket}&format=csv`);
  const csv = await sato.request.get(`${E2E_STACK.portalOrigin}/api/helpdesk/audit?ticket=${ticket}&format=csv`);
  expect(await csv.text()).toContain('Started a guided reset');

  await person.context.close();
  await agent.context.close();
});
