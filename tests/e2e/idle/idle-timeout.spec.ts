import { expect, test, type Page, type Response } from '@playwright/test';
import { openPersonFromSearch, showHelpdeskCode, signedInContext, uniqueTicket } from '../helpdesk/helpdesk-steps';
import { E2E_IDLE_STACK } from '../stack';

/**
 * On the stack whose sessions end after one idle minute (SESSION_IDLE_MINUTES=1): pages that
 * poll in the background do not keep a session alive, so an open page nobody touches signs the
 * person out. If the polls renewed the session, these pages would stay signed in for good.
 */

/** Every answer to a poll of `path` on this page, from now on. */
function watchPolls(page: Page, path: RegExp): Response[] {
  const polls: Response[] = [];
  page.on('response', (response) => {
    if (path.test(new URL(response.url()).pathname)) polls.push(response);
  });
  return polls;
}

test('open pages nobody touches sign the person and the agent out after the idle minute, however much they poll', async ({ browser }) => {
  test.setTimeout(180_000);
  const person = await signedInContext(browser, 'taro', '/');
  const agent = await signedInContext(browser, 'sato', '/');
  const taro = person.page;
  const sato = agent.page;

  // A guided reset, so both sides poll: taro's home page every 5 s (twice), sato's live view every 2 s.
  const code = await showHelpdeskCode(taro);
  await openPersonFromSearch(sato, 'taro');
  const verify = sato.getByTestId('verify-section');
  await verify.getByLabel('Ticket reference').fill(uniqueTicket());
  await verify.getByLabel('Help-desk code (6 digits)').fill(code);
  await verify.getByRole('button', { name: 'Verify and open a case' }).click();
  const start = sato.getByTestId('guided-start');
  // taro has a console password from the start (local/seed.mjs); he may have no key to rotate.
  await start.getByRole('checkbox', { name: /Set a new console password/ }).check();
  await start.getByRole('button', { name: 'Start the guided reset' }).click();
  await expect(sato.getByTestId('guided-progress').getByTestId('guided-status')).toHaveText('Waiting for the person…');
  await expect(taro.getByTestId('guided-card')).toBeVisible({ timeout: 15_000 });

  // From here on, nobody touches either page.
  // taro's home page polls the guided reset and whether the help desk has used his code.
  const taroPolls = watchPolls(taro, /^\/api\/me\/(guided-session|helpdesk-code)$/);
  const satoPolls = watchPolls(sato, /^\/api\/helpdesk\/guided-sessions\/[^/]+$/);

  const idleMs = E2E_IDLE_STACK.idleMinutes * 60_000;
  // The session cookie ends one idle minute after the last action; the next poll finds that out.
  await expect(taro).toHaveURL(/\/signin\?callbackUrl=%2F$/, { timeout: idleMs + 30_000 });
  await expect(sato).toHaveURL(/\/signin\?callbackUrl=%2Fhelpdesk%2Ftaro$/, { timeout: 30_000 });

  // They did poll all along, marked as background requests, and no answer renewed the session.
  expect(taroPolls.length).toBeGreaterThanOrEqual(8);
  expect(satoPolls.length).toBeGreaterThanOrEqual(20);
  for (const poll of [...taroPolls, ...satoPolls]) {
    expect(await poll.request().headerValue('x-kagi-background')).toBe('1');
    expect(await poll.headerValue('set-cookie')).toBeNull();
  }
  // A poll found the session over; that sent the page to sign-in.
  expect(taroPolls.some((poll) => poll.status() === 401)).toBe(true);
  expect(satoPolls.some((poll) => poll.status() === 401)).toBe(true);

  await person.context.close();
  await agent.context.close();
});

test('polling pauses while the tab is hidden and resumes when the person comes back', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, 'hanako', '/');
  const polls = watchPolls(page, /^\/api\/me\/guided-session$/);
  await expect.poll(() => polls.length, { timeout: 12_000 }).toBeGreaterThanOrEqual(1);

  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { value, configurable: true });
      Object.defineProperty(document, 'hidden', { value: value === 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    }, state);
  await setVisibility('hidden');
  const whileHidden = polls.length;
  // Two poll intervals and more.
  await page.waitForTimeout(12_000);
  expect(polls.length).toBe(whileHidden);

  await setVisibility('visible');
  await expect.poll(() => polls.length, { timeout: 3_000 }).toBeGreaterThan(whileHidden);
  await context.close();
});
