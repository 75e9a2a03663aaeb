import { expect, test } from '@playwright/test';
import { openSignedIn } from './fixtures';

/**
 * Kagi's links (app/_components/app-link.tsx) open its pages without reloading the tab, fetch a
 * page ahead only when it is pointed at or focused, and leave new tabs to the browser.
 */

/** A mark that survives only while the tab is not reloaded. */
async function markTab(page: import('@playwright/test').Page) {
  await page.evaluate(() => ((window as unknown as { kagiMark?: string }).kagiMark = 'still here'));
}
async function tabMark(page: import('@playwright/test').Page) {
  return page.evaluate(() => (window as unknown as { kagiMark?: string }).kagiMark ?? null);
}

test('the navigation opens pages without reloading the tab, by mouse and by keyboard', async ({ page }) => {
  await openSignedIn(page, '/', 'taro');
  await markTab(page);
  const nav = page.getByRole('navigation', { name: 'Main' });

  await nav.getByRole('link', { name: 'Access keys' }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Access keys' })).toHaveAttribute('aria-current', 'page');

  await nav.getByRole('link', { name: 'Activity' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/activity$/);
  await expect(nav.getByRole('link', { name: 'Activity' })).toHaveAttribute('aria-current', 'page');

  await page.goBack();
  await expect(page).toHaveURL(/\/keys$/);
  expect(await tabMark(page)).toBe('still here');
});

test('a page is fetched ahead when its link is pointed at or focused, not before', async ({ page }) => {
  await openSignedIn(page, '/', 'taro');
  const prefetches: string[] = [];
  page.on('request', (request) => {
    if (request.headers()['next-router-prefetch']) prefetches.push(new URL(request.url()).pathname);
  });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.waitForTimeout(500);
  expect(prefetches).toEqual([]);

  await nav.getByRole('link', { name: 'Password' }).hover();
  await expect.poll(() => prefetches).toContain('/password');
  await nav.getByRole('link', { name: 'Settings' }).focus();
  await expect.poll(() => prefetches).toContain('/settings');
  expect(prefetches).not.toContain('/mfa');
});

test('a link opened in a new tab is left to the browser, and this tab stays where it was', async ({ page, context }) => {
  await openSignedIn(page, '/', 'taro');
  await markTab(page);
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access keys' });
  await expect(link).toHaveAttribute('href', '/keys');

  const [opened] = await Promise.all([context.waitForEvent('page'), link.click({ modifiers: ['ControlOrMeta'] })]);
  await opened.waitForLoadState();
  expect(new URL(opened.url()).pathname).toBe('/keys');
  expect(new URL(page.url()).pathname).toBe('/');
  expect(await tabMark(page)).toBe('still here');
  await opened.close();
});
