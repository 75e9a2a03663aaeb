import { CreateLoginProfileCommand, GetLoginProfileCommand } from '@aws-sdk/client-iam';
import { expect, test } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { openPersonFromSearch, removeLoginProfile, signedInContext, uniqueTicket, verifyAnotherWay } from '../helpdesk/helpdesk-steps';
import { adminIam, clearIamFaults, injectIamFault } from '../stack';
import { provePasswordInIam, uniquePassword } from './iam-password';

/**
 * When AWS's answer to a password change is lost, Kagi says it cannot tell whether the change
 * was made, says what to do next, and records it as not confirmed. IAM is checked behind the
 * page: what the page says about "either the new one or the old one" is what IAM holds.
 */
test.describe.configure({ mode: 'serial' });

let hanakoPassword = '';
// hanako gets a console password for this spec only; the other specs expect her without one.
test.beforeEach(async () => {
  await removeLoginProfile('hanako');
  hanakoPassword = uniquePassword();
  await adminIam().send(new CreateLoginProfileCommand({ UserName: 'hanako', Password: hanakoPassword, PasswordResetRequired: false }));
});
test.afterEach(() => clearIamFaults());
test.afterAll(() => removeLoginProfile('hanako'));

test('hanako’s new password: AWS stored it but its answer was lost, so the page says to try it in the console', async ({ page }) => {
  await openSignedIn(page, '/password', 'hanako');
  const next = uniquePassword();
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Type it again').fill(next);
  await injectIamFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop-after' });
  await page.getByRole('button', { name: 'Change password' }).click();

  await expect(page.getByRole('alert').filter({ hasText: 'cannot tell whether your new password was saved' })).toContainText(
    'Try signing in to the AWS console with it: if that works, it was saved. If it does not, your old password still works',
  );
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue('');
  expect(await page.content()).not.toContain(next);

  // IAM did store it (the old one is refused as the old password, the new one accepted).
  const proof = await provePasswordInIam('hanako', { stored: next, notStored: [hanakoPassword] });
  expect(proof).toMatchObject({ refused: ['AccessDenied'], acceptedStored: 'ok' });

  await page.goto('/activity');
  await expect(page.getByTestId('activity-entry').filter({ hasText: 'Set the console password' }).first()).toContainText(
    'Not confirmed: AWS did not answer, so it may or may not have been done',
  );
});

test('sato’s temporary password for hanako: AWS never confirmed it, so the dialog says so, and what to do', async ({ browser }) => {
  const ticket = uniqueTicket();
  const { context, page: sato } = await signedInContext(browser, 'sato', '/');
  await openPersonFromSearch(sato, 'hanako');
  await verifyAnotherWay(sato, ticket);

  // The first answer is lost after IAM stored it, and so is the answer to Kagi's second try.
  await injectIamFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop-after' });
  await injectIamFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop' });
  const answered = sato.waitForResponse((res) => res.url().endsWith('/api/helpdesk/users/hanako/actions') && res.request().method() === 'POST');
  await sato.getByRole('button', { name: 'Set a temporary password…' }).click();
  await sato.getByRole('alertdialog', { name: 'Set a temporary console password?' }).getByRole('button', { name: 'Set a temporary password' }).click();
  const { temporaryPassword } = (await (await answered).json()) as { temporaryPassword: string };

  const shown = sato.getByRole('dialog', { name: 'Temporary console password' });
  await expect(shown).toContainText('AWS did not confirm this password');
  await expect(shown).toContainText('Either it works now, or their old password still does, never both.');
  await expect(shown).toContainText('if it does not work, set a temporary password again in a few minutes');
  await shown.getByRole('button', { name: 'Show password' }).click();
  expect(await shown.getByTestId('temporary-password').textContent()).toBe(temporaryPassword);
  await shown.getByRole('checkbox', { name: 'I have passed it on to the person' }).check();
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(sato.getByRole('alert').filter({ hasText: 'AWS did not confirm the temporary password for hanako.' })).toBeVisible();

  // Here the first call had stored it: the temporary password works, the old one does not.
  const proof = await provePasswordInIam('hanako', { stored: temporaryPassword, notStored: [hanakoPassword] });
  expect(proof).toMatchObject({ refused: ['AccessDenied'], acceptedStored: 'ok' });

  await sato.goto(`/helpdesk/audit?ticket=${ticket}`);
  await expect(sato.getByTestId('audit-entry').filter({ hasText: 'Set the console password' })).toContainText('Not confirmed');
  await context.close();
});

test('sato turns on console sign-in for hanako, AWS answers neither try: the dialog says it may still be off, and it is', async ({ browser }) => {
  await removeLoginProfile('hanako');
  const ticket = uniqueTicket();
  const { context, page: sato } = await signedInContext(browser, 'sato', '/');
  await openPersonFromSearch(sato, 'hanako');
  await verifyAnotherWay(sato, ticket);

  // Both requests are lost before IAM acts: Kagi asks IAM in between, finds sign-in off, tries once more.
  await injectIamFault({ action: 'CreateLoginProfile', count: 2, fault: 'drop' });
  await sato.getByRole('button', { name: 'Turn on console sign-in…' }).click();
  await sato.getByRole('alertdialog', { name: 'Turn on console sign-in?' }).getByRole('button', { name: 'Turn on console sign-in' }).click();

  const shown = sato.getByRole('dialog', { name: 'Temporary console password' });
  await expect(shown).toContainText('AWS did not confirm this password');
  await expect(shown).toContainText('Either it is on with this password, or it is still off.');
  await expect(shown).not.toContainText('old password');
  await shown.getByRole('checkbox', { name: 'I have passed it on to the person' }).check();
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(sato.getByRole('alert').filter({ hasText: 'AWS did not confirm that console sign-in was turned on for hanako.' })).toBeVisible();
  await expect(adminIam().send(new GetLoginProfileCommand({ UserName: 'hanako' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });

  await sato.goto(`/helpdesk/audit?ticket=${ticket}`);
  await expect(sato.getByTestId('audit-entry').filter({ hasText: 'console sign-in' }).first()).toContainText('Not confirmed');
  await context.close();
});
