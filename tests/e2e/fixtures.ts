import { expect, type Page } from '@playwright/test';

/**
 * Signs in through the local identity provider's real form (password "demo"), from Kagi's
 * sign-in page on whichever e2e stack the page is on.
 */
export async function signInAs(page: Page, username: string, password = 'demo'): Promise<void> {
  const portal = new URL(page.url()).origin;
  await page.getByRole('button', { name: /sign in|サインイン/i }).click();
  await page.waitForURL((url) => url.origin !== portal && url.pathname.startsWith('/interaction/'));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === portal);
}

/** Opens a page of Kagi, signing in on the way if asked to. */
export async function openSignedIn(page: Page, path: string, username: string): Promise<void> {
  await page.goto(path);
  if (new URL(page.url()).pathname === '/signin') await signInAs(page, username);
  await expect(page.getByTestId('person-name')).toBeVisible();
}
