import { CreateLoginProfileCommand } from '@aws-sdk/client-iam';
import { expect, test } from '@playwright/test';
import { heapHolds } from '../heap';
import { provePasswordInIam, uniquePassword } from '../password/iam-password';
import { adminIam } from '../stack';
import { openPersonFromSearch, removeLoginProfile, signedInContext, uniqueTicket, verifyAnotherWay } from './helpdesk-steps';

/**
 * A temporary password is shown once: after "Done" it must be gone from the agent's tab, not
 * only from the page but from the tab's memory too (a heap snapshot says what is still held).
 */
test.describe.configure({ mode: 'serial' });

// hanako gets a console password for this spec only; the other specs expect her without one.
test.beforeAll(async () => {
  await removeLoginProfile('hanako');
  await adminIam().send(new CreateLoginProfileCommand({ UserName: 'hanako', Password: uniquePassword(), PasswordResetRequired: false }));
});
test.afterAll(() => removeLoginProfile('hanako'));

test('after Done, the temporary password is gone from the agent’s tab, memory included', async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page: sato } = await signedInContext(browser, 'sato', '/');
  await openPersonFromSearch(sato, 'hanako');

  await verifyAnotherWay(sato, uniqueTicket());

  // The password is taken from the answer in Node, so the test never sends it into the page.
  const answered = sato.waitForResponse((res) => res.url().endsWith('/api/helpdesk/users/hanako/actions') && res.request().method() === 'POST');
  await sato.getByRole('button', { name: 'Set a temporary password…' }).click();
  await sato.getByRole('alertdialog', { name: 'Set a temporary console password?' }).getByRole('button', { name: 'Set a temporary password' }).click();
  const { temporaryPassword } = (await (await answered).json()) as { temporaryPassword: string };
  expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);

  const shown = sato.getByRole('dialog', { name: 'Temporary console password' });
  await shown.getByRole('button', { name: 'Show password' }).click();
  expect(await shown.getByTestId('temporary-password').textContent()).toBe(temporaryPassword);
  // The check can see it while it is meant to be there.
  expect(await heapHolds(sato, temporaryPassword)).toBe(true);

  await shown.getByRole('checkbox', { name: 'I have passed it on to the person' }).check();
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();
  await expect(sato.getByRole('status').filter({ hasText: 'A temporary password has been set for hanako.' })).toBeVisible();
  expect(await sato.content()).not.toContain(temporaryPassword);
  expect(await heapHolds(sato, temporaryPassword), 'the temporary password is still in the tab’s memory').toBe(false);

  // It is the password IAM holds.
  expect((await provePasswordInIam('hanako', { stored: temporaryPassword })).acceptedStored).toBe('ok');
  await context.close();
});
