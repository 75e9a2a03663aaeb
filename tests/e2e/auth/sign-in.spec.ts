import { expect, test } from '@playwright/test';
import { signInAs } from '../fixtures';

test.describe('signing in and out', () => {
  test('taro signs in through the company sign-in and lands on the page first asked for', async ({ page }) => {
    await page.goto('/?from=bookmark');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await signInAs(page, 'taro');

    await expect(page).toHaveURL('/?from=bookmark');
    await expect(page.getByTestId('person-name')).toHaveText('Taro Yamada');
    await expect(page.getByTestId('iam-user-name')).toHaveText('taro');
    await expect(page.getByTestId('role')).toHaveText('Staff');

    const me = await page.request.get('/api/me');
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ userName: 'taro', name: 'Taro Yamada', iamUserName: 'taro', roles: ['user'] });
  });

  test('signing out ends the session here and at the identity provider', async ({ page }) => {
    await page.goto('/');
    await signInAs(page, 'taro');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/signed-out');
    await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();

    expect((await page.request.get('/api/me')).status()).toBe(401);
    // The identity provider asks for credentials again: its session ended too.
    await page.goto('/');
    await page.getByRole('button', { name: /sign in/i }).click();
    await expect(page.getByLabel('Password')).toBeVisible();
  });

  test('sato is help desk, and the header says so', async ({ page }) => {
    await page.goto('/');
    await signInAs(page, 'sato');
    await expect(page.getByTestId('role')).toHaveText('Help desk');
    const me = await (await page.request.get('/api/me')).json();
    expect(me).toMatchObject({ iamUserName: 'sato', roles: ['user', 'helpdesk'] });
  });

  test('a person with no AWS user sees a plain explanation and can use no self-service route', async ({ page }) => {
    await page.goto('/');
    await signInAs(page, 'nobody');
    await expect(page.getByRole('heading', { name: 'No AWS user is linked to your sign-in' })).toBeVisible();
    await expect(page.getByText('Contact the help desk')).toBeVisible();
    // The name the person signed in with, which is what the help desk needs to link them.
    await expect(page.getByTestId('sign-in-name')).toHaveText('nobody');

    const me = await (await page.request.get('/api/me')).json();
    expect(me.iamUserName).toBeNull();
    const fresh = await page.request.get('/api/me/recent-sign-in');
    expect(fresh.status()).toBe(403);
    expect(await fresh.json()).toMatchObject({ code: 'no-iam-user' });
  });

  test('the language switch shows the pages in Japanese and remembers it', async ({ page }) => {
    await page.goto('/');
    await signInAs(page, 'taro');
    await page.getByLabel('Language').selectOption('ja');
    await expect(page.getByRole('button', { name: 'サインアウト' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('こんにちは');
  });
});
