import { expect, test } from '@playwright/test';
import { createKeyInIam, deleteAllKeys, keysInIam } from '../keys/iam-state';
import { provePasswordInIam } from '../password/iam-password';
import { approveAsSecondAgent, hasLoginProfile, openPersonFromSearch, removeLoginProfile, showHelpdeskCode, signedInContext, uniqueTicket, verifyAnotherWay } from './helpdesk-steps';

/**
 * sato helps hanako directly: a wrong code first (the tries left are shown), then verification
 * "another way"; console sign-in turned on with a temporary password shown once, then every key
 * stopped after a suspected leak. IAM is checked behind the page each time.
 */
test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

// hanako starts (and is left) without console sign-in, as the other specs expect.
test.beforeAll(async () => {
  await removeLoginProfile('hanako');
  await deleteAllKeys('hanako');
});
test.afterAll(async () => {
  await removeLoginProfile('hanako');
  await deleteAllKeys('hanako');
});

test('sato verifies hanako another way, turns on console sign-in, then deactivates all her keys; a wrong code shows the tries left', async ({ browser }) => {
  test.setTimeout(120_000);
  const keyA = await createKeyInIam('hanako');
  const keyB = await createKeyInIam('hanako');
  const ticket = uniqueTicket();

  const person = await signedInContext(browser, 'hanako', '/');
  const agent = await signedInContext(browser, 'sato', '/');
  const sato = agent.page;
  const code = await showHelpdeskCode(person.page);

  await openPersonFromSearch(sato, 'hanako');
  await expect(sato.getByTestId('overview-console')).toContainText('Off (no console password)');
  await expect(sato.getByTestId('overview-key')).toHaveCount(2);

  // A wrong code: refused, with the tries left in words.
  const verify = sato.getByTestId('verify-section');
  await verify.getByLabel('Ticket reference').fill(ticket);
  await verify.getByLabel('Help-desk code (6 digits)').fill(code === '000000' ? '111111' : '000000');
  await verify.getByRole('button', { name: 'Verify and open a case' }).click();
  await expect(verify.getByRole('alert')).toHaveText('That code is not right. 4 more tries are left before the code stops working.');
  await expect(sato.getByTestId('case-banner')).toHaveCount(0);

  // A malformed ticket is caught on the page.
  await verify.getByLabel('Ticket reference').fill('x');
  await verify.getByRole('button', { name: 'Verify and open a case' }).click();
  await expect(verify.getByText('Enter the ticket reference')).toBeVisible();
  await expect(verify.getByLabel('Ticket reference')).toBeFocused();
  await verify.getByLabel('Ticket reference').fill(ticket);

  // Another way: marked as weaker, described in words.
  await verify.getByRole('radio', { name: /Another way/ }).check();
  await expect(verify.getByTestId('weaker-warning')).toContainText('weaker than a help-desk code');
  const how = 'Called back on the desk phone in the staff directory; checked staff ID on video';
  await verify.getByLabel('How you verified the person').fill(how);
  await verify.getByRole('button', { name: 'Verify and open a case' }).click();
  const caseBanner = sato.getByTestId('case-banner');
  await expect(caseBanner).toContainText('Another way (weaker)');
  await expect(caseBanner).toContainText(how);

  // Four eyes: nothing can be changed until a second member of the help desk approves.
  const waiting = sato.getByTestId('approval-wait');
  await expect(waiting.getByRole('heading', { name: 'Waiting for a second member of the help desk' })).toBeVisible();
  await expect(sato.getByRole('button', { name: 'Turn on console sign-in…' })).toHaveCount(0);
  await approveAsSecondAgent(browser, 'hanako', ticket, how);
  // sato's page moves on by itself.
  await expect(waiting).toHaveCount(0, { timeout: 15_000 });
  await expect(caseBanner.getByTestId('case-approved-by')).toHaveText('Mori Aiko');

  // Turn on console sign-in: confirmation in plain words, then the temporary password once.
  await sato.getByRole('button', { name: 'Turn on console sign-in…' }).click();
  const confirm = sato.getByRole('alertdialog', { name: 'Turn on console sign-in?' });
  await expect(confirm).toContainText('must change it at their first sign-in');
  await confirm.getByRole('button', { name: 'Turn on console sign-in' }).click();
  const shown = sato.getByRole('dialog', { name: 'Temporary console password' });
  await expect(shown).toBeVisible();
  await expect(shown).toContainText('The person must change it at their next sign-in to the AWS console.');
  await expect(shown.getByTestId('temporary-password')).not.toContainText(/\w{12,}/);
  await sato.keyboard.press('Escape');
  await expect(shown).toBeVisible();
  await expect(shown.getByRole('button', { name: 'Done' })).toBeDisabled();
  await shown.getByRole('button', { name: 'Show password' }).click();
  const temporary = (await shown.getByTestId('temporary-password').textContent()) ?? '';
  expect(temporary.length).toBeGreaterThanOrEqual(12);
  // Groups to read out over the phone, each spelled in the NATO alphabet.
  const groups = temporary.split('-');
  expect(groups.length).toBeGreaterThanOrEqual(4);
  const spelled = shown.getByTestId('temporary-password-spelling').getByRole('listitem');
  await expect(spelled).toHaveCount(groups.length);
  const word = String.raw`(?:(?:capital|small) [A-Za-z] for [A-Z][a-z-]+|two|three|four|five|six|seven|eight|nine)`;
  for (const [index, group] of groups.entries()) {
    await expect(spelled.nth(index)).toHaveText(new RegExp(`^Group ${index + 1}${group}${word}(, ${word}){${group.length - 1}}$`));
  }
  await shown.getByRole('button', { name: 'Copy password' }).click();
  await expect(shown.getByRole('status')).toHaveText('Copied the temporary password.');
  expect(await sato.evaluate(() => navigator.clipboard.readText())).toBe(temporary);
  await shown.getByRole('checkbox', { name: 'I have passed it on to the person' }).check();
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();
  await expect(sato.getByRole('status').filter({ hasText: 'Console sign-in is now on for hanako' })).toBeVisible();
  expect(await sato.content()).not.toContain(temporary);
  await expect(sato.getByTestId('overview-console')).toContainText('Must change it at next sign-in:Yes');

  // IAM: a login profile that must be changed at the next sign-in.
  expect(await hasLoginProfile('hanako')).toEqual({ exists: true, resetRequired: true });

  // Suspected leak: every key stops at once.
  await sato.getByRole('button', { name: 'Deactivate all keys (suspected leak)…' }).click();
  const leak = sato.getByRole('alertdialog', { name: 'Deactivate all of hanako’s access keys?' });
  await expect(leak).toContainText('All 2 active keys stop working at once');
  await expect(leak.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await leak.getByRole('button', { name: 'Deactivate all keys' }).click();
  await expect(leak).toBeHidden();
  await expect(sato.getByRole('status').filter({ hasText: '2 keys have been deactivated.' })).toBeVisible();
  await expect
    .poll(() => keysInIam('hanako'))
    .toEqual([{ id: keyA, status: 'Inactive' }, { id: keyB, status: 'Inactive' }].sort((a, b) => a.id.localeCompare(b.id)));
  await expect(sato.getByRole('listitem', { name: `Access key ${keyA}` })).toContainText('Inactive');
  await expect(sato.getByRole('button', { name: 'Deactivate all keys (suspected leak)…' })).toHaveCount(0);

  // An inactive key can be deleted (after a confirmation that says it is for good).
  await sato.getByRole('button', { name: `Delete… ${keyB}` }).click();
  const deletion = sato.getByRole('alertdialog', { name: `Delete key ${keyB}?` });
  await expect(deletion).toContainText('This cannot be undone.');
  await deletion.getByRole('button', { name: 'Delete the key permanently' }).click();
  await expect(sato.getByRole('status').filter({ hasText: `Key ${keyB} has been deleted.` })).toBeVisible();
  expect(await keysInIam('hanako')).toEqual([{ id: keyA, status: 'Inactive' }]);

  // With a key slot free, prove through IAM's own ChangePassword that the temporary password is the stored one.
  expect((await provePasswordInIam('hanako', { stored: temporary })).acceptedStored).toBe('ok');

  // The person's recent activity on the overview, and the audit log, tell the story.
  await expect(sato.getByTestId('overview-activity-entry').filter({ hasText: 'Turned on console sign-in' })).toContainText(ticket);
  await sato.goto(`/helpdesk/audit?ticket=${ticket}`);
  const entries = sato.getByTestId('audit-entry');
  await expect(entries.filter({ hasText: 'Deactivated an access key' })).toHaveCount(2);
  await expect(entries.filter({ hasText: 'Deleted an access key' })).toContainText(keyB);
  // Both tries at verification are recorded: the wrong code as failed, the other way marked as weaker.
  const verifications = entries.filter({ hasText: 'Verified the person’s identity' });
  await expect(verifications.filter({ hasText: 'Help-desk code' })).toContainText('Failed: That help-desk code is not right.');
  await expect(verifications.filter({ hasText: 'Another way (weaker)' })).toContainText(how);

  await person.context.close();
  await agent.context.close();
});

test('the case and a guided reset under way survive a reload of sato’s page, until sato ends the case', async ({ browser }) => {
  test.setTimeout(90_000);
  await createKeyInIam('hanako');
  const ticket = uniqueTicket();
  const { page: sato } = await signedInContext(browser, 'sato', '/');
  await openPersonFromSearch(sato, 'hanako');

  await verifyAnotherWay(sato, ticket);
  const start = sato.getByTestId('guided-start');
  await start.getByRole('checkbox', { name: /Remove an unused key/ }).check();
  await start.getByRole('button', { name: 'Start the guided reset' }).click();
  await expect(sato.getByTestId('guided-progress').getByTestId('guided-status')).toHaveText('Waiting for the person…');

  // A reload finds both again on the server: no second verification needed.
  await sato.reload();
  await expect(sato.getByTestId('case-banner').getByTestId('case-ticket')).toHaveText(ticket);
  await expect(sato.getByTestId('verify-section')).toHaveCount(0);
  const progress = sato.getByTestId('guided-progress');
  await expect(progress.getByRole('heading', { name: 'Guided reset for hanako' })).toBeVisible();
  await expect(progress.getByTestId('guided-status')).toHaveText('Waiting for the person…');
  await progress.getByRole('button', { name: 'Cancel session' }).click();
  await progress.getByRole('button', { name: 'Yes, cancel the session' }).click();
  await expect(progress.getByTestId('guided-status')).toHaveText('Cancelled.');

  // Ending the case closes it on the server: a reload asks for verification again.
  await sato.getByTestId('case-banner').getByRole('button', { name: 'End the case' }).click();
  await expect(sato.getByRole('status').filter({ hasText: 'The case with hanako is ended.' })).toBeAttached();
  await expect(sato.getByTestId('case-banner')).toHaveCount(0);
  await expect(sato.getByRole('heading', { name: 'Helping hanako', level: 1 })).toBeFocused();
  await sato.reload();
  await expect(sato.getByTestId('verify-section')).toBeVisible();
  await expect(sato.getByTestId('case-banner')).toHaveCount(0);
});
