import { expect, type Page } from '@playwright/test';

/** Signs in through the local identity provider's real form (password "demo"). */
export async function signInAs(page: Page, username: string, password = 'demo'): Promise<void> {
  await page.getByRole('button', { name: /sign in|サインイン/i }).click();
  await page.waitForURL(/127\.0\.0\.1:4620\/interaction\//);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.port === '3100');
}

/** Opens a page of Kagi, signing in on the way if asked to. */
export async function openSignedIn(page: Page, path: string, username: string): Promise<void> {
  await page.goto(path);
  if (new URL(page.url()).pathname === '/signin') await signInAs(page, username);
  await expect(page.getByTestId('person-name')).toBeVisible();
}
