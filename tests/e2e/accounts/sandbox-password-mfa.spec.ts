import { DeactivateMFADeviceCommand, DeleteVirtualMFADeviceCommand, ListMFADevicesCommand, type IAMClient } from '@aws-sdk/client-iam';
import { expect, test } from '@playwright/test';
import { openSignedIn } from '../fixtures';
import { consecutiveCodes } from '../mfa/mfa-state';
import { E2E_ACCOUNTS_STACK, accountsStackIam } from '../stack';

/**
 * The console password and MFA pages in one account at a time, on the two-account stack: taro
 * has a console password in Production only, and an authenticator app added on Sandbox's MFA
 * page is Sandbox's alone.
 */
const { production, sandbox } = E2E_ACCOUNTS_STACK;
const iam = { production: accountsStackIam(production), sandbox: accountsStackIam(sandbox) };

async function devicesOf(client: IAMClient): Promise<string[]> {
  return ((await client.send(new ListMFADevicesCommand({ UserName: 'taro' }))).MFADevices ?? []).map((d) => d.SerialNumber ?? '');
}

async function removeDevices(client: IAMClient) {
  for (const serial of await devicesOf(client)) {
    await client.send(new DeactivateMFADeviceCommand({ UserName: 'taro', SerialNumber: serial }));
    await client.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })).catch(() => {});
  }
}

test.beforeEach(async () => {
  await removeDevices(iam.sandbox);
  await removeDevices(iam.production);
});

test('the console password page answers for the account chosen: a password in Production, none in Sandbox', async ({ page }) => {
  await openSignedIn(page, `${E2E_ACCOUNTS_STACK.portalOrigin}/password?account=${sandbox.id}`, 'taro');
  await expect(page.getByText('Console sign-in is not turned on for you')).toBeVisible();
  await page.getByRole('navigation', { name: 'AWS account' }).getByRole('link', { name: /Production/ }).click();
  await expect(page).toHaveURL(new RegExp(`account=${production.id}`));
  await expect(page.getByText('Console sign-in is not turned on for you')).toHaveCount(0);
  await expect(page.getByLabel(/New password/).first()).toBeVisible();
});

test('an authenticator app added on Sandbox’s MFA page is in Sandbox only', async ({ page }) => {
  await openSignedIn(page, `${E2E_ACCOUNTS_STACK.portalOrigin}/mfa?account=${sandbox.id}`, 'taro');
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name for this device').fill('Sandbox phone');
  await dialog.getByRole('button', { name: 'Continue' }).click();
  const seed = ((await dialog.getByTestId('mfa-secret').textContent()) ?? '').replace(/ /g, '');
  await dialog.getByRole('button', { name: 'Next: enter two codes' }).click();
  const [code1, code2] = consecutiveCodes(seed);
  await dialog.getByLabel('First code').fill(code1);
  await dialog.getByLabel('Next code').fill(code2);
  await dialog.getByRole('button', { name: 'Finish set-up' }).click();
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect.poll(() => devicesOf(iam.sandbox)).toHaveLength(1);
  expect((await devicesOf(iam.sandbox))[0]).toContain(`arn:aws:iam::${sandbox.id}:mfa/staff/taro/`);
  expect(await devicesOf(iam.production)).toEqual([]);
  // Production's page does not list it.
  await page.goto(`${E2E_ACCOUNTS_STACK.portalOrigin}/mfa?account=${production.id}`);
  await expect(page.getByTestId('mfa-none')).toBeVisible();
});
