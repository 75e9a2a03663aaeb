import { expect, test, type Page } from '@playwright/test';
import { encode, type JWT } from 'next-auth/jwt';
import { openSignedIn } from '../fixtures';
import { createKeyInIam, deleteAllKeys, keysInIam } from '../keys/iam-state';
import { removeAllMfa } from '../mfa/mfa-state';
import { E2E_STACK } from '../stack';

/**
 * A new access key, an authenticator app and a help-desk code need a sign-in at most 5 minutes
 * old (the third security review: a copied session must not leave credentials of its own
 * behind). Asked for before the person types anything, and one new sign-in carries them on to
 * the end of what they started. Each test counts what the person does (`steps`): with a recent
 * sign-in the flows are as before; with an old one, the only addition is "Sign in again" and
 * the identity provider's password form, once.
 */
test.describe.configure({ mode: 'serial' });
const PERSON = 'hanako';
test.beforeEach(async () => {
  await deleteAllKeys(PERSON);
  await removeAllMfa(PERSON);
});
test.afterAll(async () => {
  await deleteAllKeys(PERSON);
  await removeAllMfa(PERSON);
});

/** hanako's live session, as Kagi issues it, but her last real sign-in an hour ago. */
async function signInAnHourAgo(page: Page, path: string): Promise<void> {
  // A real sign-in first: the identity provider keeps a session, as it would after a morning's work.
  await openSignedIn(page, path, PERSON);
  const now = Math.floor(Date.now() / 1000);
  const token: JWT = { sub: PERSON, name: 'Hanako Suzuki', email: 'hanako@example.com', iamUserName: PERSON, roles: ['user'], authTime: now - 3600, signedInAt: now - 3600 };
  const value = await encode({ secret: E2E_STACK.nextAuthSecret, maxAge: 1800, token });
  await page.context().addCookies([{ name: 'next-auth.session-token', value, url: E2E_STACK.portalOrigin }]);
  await page.reload();
  await expect(page.getByTestId('person-name')).toBeVisible();
}

/** The notice, then the identity provider's password form (prompt=login), then back to Kagi. */
async function signInAgain(page: Page, steps: string[], reason: RegExp): Promise<void> {
  const notice = page.getByTestId('fresh-sign-in');
  await expect(notice).toBeVisible();
  await expect(notice.getByText('Please sign in again first')).toBeFocused();
  await expect(notice).toContainText(reason);
  steps.push('click "Sign in again"');
  await notice.getByRole('link', { name: 'Sign in again' }).click();
  await page.waitForURL(`${E2E_STACK.idpUrl}/interaction/**`);
  await page.getByLabel('Username').fill(PERSON);
  await page.getByLabel('Password').fill('demo');
  steps.push('type the password at the identity provider and sign in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === E2E_STACK.portalOrigin);
}

async function saveTheSecret(page: Page, steps: string[]): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Your new access key' });
  await expect(dialog).toBeVisible();
  const id = (await dialog.getByTestId('new-access-key-id').textContent()) ?? '';
  steps.push('tick "I have saved my secret access key"', 'click "Done"');
  await dialog.getByRole('checkbox', { name: 'I have saved my secret access key' }).check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return id;
}

async function createKey(page: Page, steps: string[]): Promise<void> {
  steps.push('click "Create access key"');
  await page.getByRole('button', { name: 'Create access key' }).click();
}

async function nameAndCreate(page: Page, steps: string[]): Promise<string> {
  await expect(page.getByLabel('Where will you use this key? (optional)')).toBeFocused();
  steps.push('type where the key is used', 'click "Create the key"');
  await page.getByLabel('Where will you use this key? (optional)').fill('reports laptop');
  await page.getByRole('button', { name: 'Create the key' }).click();
  return saveTheSecret(page, steps);
}

test('creating a key: a recent sign-in goes straight on; an old one signs in again once and comes back to the open form', async ({ page }) => {
  const recent: string[] = [];
  await openSignedIn(page, '/keys', PERSON);
  await createKey(page, recent);
  await nameAndCreate(page, recent);
  await deleteAllKeys(PERSON);

  const old: string[] = [];
  await signInAnHourAgo(page, '/keys');
  await createKey(page, old);
  // Nothing to type was shown, and nothing was made.
  await expect(page.getByLabel('Where will you use this key? (optional)')).toHaveCount(0);
  await signInAgain(page, old, /a new key keeps working after you sign out of Kagi/);
  await expect(page).toHaveURL(`${E2E_STACK.portalOrigin}/keys`);
  const id = await nameAndCreate(page, old);
  expect(await keysInIam(PERSON)).toEqual([{ id, status: 'Active' }]);

  expect(recent).toHaveLength(5);
  expect(old).toHaveLength(recent.length + 2);
  test.info().annotations.push({ type: 'steps', description: `recent sign-in: ${recent.length}; old sign-in: ${old.length} (${old.join(' → ')})` });
});

test('a rotation from an old sign-in asks once, at the start, and runs to the end on that one sign-in', async ({ page }) => {
  const oldKey = await createKeyInIam(PERSON);
  const steps: string[] = [];
  await signInAnHourAgo(page, `/keys/rotate?key=${oldKey}`);
  await expect(page.getByRole('heading', { name: 'Step 1 of 4: Choose the key to replace' })).toBeVisible();
  steps.push('click "Continue"');
  await page.getByRole('button', { name: 'Continue' }).click();
  await signInAgain(page, steps, /a new key keeps working after you sign out of Kagi/);

  // Back where the person was, one step further: the key they chose, nothing created yet.
  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Create the new key' })).toBeFocused();
  expect(new URL(page.url()).searchParams.get('then')).toBeNull();
  steps.push('click "Create the new key"');
  await page.getByRole('button', { name: 'Create the new key' }).click();
  const newKey = await saveTheSecret(page, steps);

  await expect(page.getByRole('heading', { name: 'Step 3 of 4: Switch your programs to it' })).toBeFocused();
  steps.push('tick "I have put the new key in every app"', 'click "Deactivate the old key"');
  await page.getByRole('checkbox', { name: 'I have put the new key in every app that used the old one' }).check();
  await page.getByRole('button', { name: 'Deactivate the old key' }).click();
  await expect(page.getByRole('heading', { name: 'Step 4 of 4: Check, then delete the old key' })).toBeFocused();
  steps.push('tick "Everything still works"', 'click "Delete the old key…"', 'type the last four characters', 'click "Delete key permanently"');
  await page.getByRole('checkbox', { name: 'Everything still works' }).check();
  await page.getByRole('button', { name: 'Delete the old key…' }).click();
  const deleteDialog = page.getByRole('alertdialog', { name: 'Delete this access key?' });
  await deleteDialog.getByLabel(/To confirm, type the last four characters/).fill(oldKey.slice(-4));
  await deleteDialog.getByRole('button', { name: 'Delete key permanently' }).click();
  await expect(page.getByRole('heading', { name: 'All done' })).toBeVisible();
  expect(await keysInIam(PERSON)).toEqual([{ id: newKey, status: 'Active' }]);
  // Signed in again once for the whole rotation.
  expect(steps.filter((s) => s.startsWith('click "Sign in again"'))).toHaveLength(1);
  test.info().annotations.push({ type: 'steps', description: `rotation from an old sign-in: ${steps.length} (${steps.join(' → ')})` });
});

test('adding an authenticator app from an old sign-in: sign in again, and the set-up opens at its first step', async ({ page }) => {
  const steps: string[] = [];
  await signInAnHourAgo(page, '/mfa');
  steps.push('click "Add an authenticator app"');
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await signInAgain(page, steps, /whoever adds one can use it to sign in to the AWS console as you/);
  await expect(page).toHaveURL(`${E2E_STACK.portalOrigin}/mfa`);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Step 1 of 3')).toBeVisible();
  await expect(dialog.getByLabel('Name for this device')).toBeFocused();
  expect(steps).toHaveLength(3);
});

test('a help-desk code from an old sign-in: sign in again, and the code is shown on return', async ({ page }) => {
  const steps: string[] = [];
  await signInAnHourAgo(page, '/');
  const card = page.getByTestId('helpdesk-code-card');
  steps.push('click "Show my help-desk code"');
  await card.getByRole('button', { name: 'Show my help-desk code' }).click();
  await expect(card.getByTestId('helpdesk-code')).toHaveCount(0);
  await signInAgain(page, steps, /with it, the help desk can reset your console password/);
  await expect(page).toHaveURL(`${E2E_STACK.portalOrigin}/`);
  await expect(page.getByTestId('helpdesk-code')).toHaveText(/^(\d\s?){6}$/);
  expect(steps).toHaveLength(3);

  // The activity says a code was shown.
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByTestId('activity-entry').filter({ hasText: 'Showed a help-desk code' }).first()).toBeVisible();
});
