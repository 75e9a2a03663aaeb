import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/tests/support/instances';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Kagi's record of who signed in (the help desk's search and notifications read it), written
 * by a real sign-in at the local identity provider: the latest facts win, and an address the
 * provider has not verified is never kept.
 */
let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack({
    idpAccounts: [
      { sub: 'sub-taro', username: 'taro', password: 'pw', name: 'Taro Yamada', email: 'taro@example.com', groups: ['staff'] },
      { sub: 'sub-hanako', username: 'hanako', password: 'pw', name: 'Hanako Suzuki', email: 'hanako@example.com', emailVerified: false, groups: ['staff'] },
    ],
  });
});
afterAll(async () => {
  await stack?.stop();
});

const personRow = (subject: string) => stack.db.selectFrom('people').selectAll().where('subject', '=', subject).executeTakeFirst();

describe('the people Kagi has seen sign in', () => {
  it('a sign-in records the subject, the linked IAM user, the name and a verified address', async () => {
    await signInForReal(stack.origin, 'taro', 'pw');
    expect(await personRow('sub-taro')).toMatchObject({
      iam_user_name: 'taro',
      user_name: 'taro',
      display_name: 'Taro Yamada',
      email: 'taro@example.com',
      locale: 'en',
      time_zone: 'UTC',
    });
  });

  it('an address the identity provider has not verified is not kept', async () => {
    await signInForReal(stack.origin, 'hanako', 'pw');
    const row = await personRow('sub-hanako');
    expect(row).toMatchObject({ iam_user_name: 'hanako', display_name: 'Hanako Suzuki', email: null });
  });

  it('the language and time zone follow the browser between sign-ins', async () => {
    const cookie = await signInForReal(stack.origin, 'taro', 'pw');
    const first = await personRow('sub-taro');
    const page = await fetch(`${stack.origin}/`, { headers: { cookie: `${cookie}; kagi-locale=ja; kagi-tz=Asia/Tokyo` } });
    expect(page.status).toBe(200);
    await waitFor(async () => (await personRow('sub-taro'))?.time_zone === 'Asia/Tokyo', 10_000, 'the time zone noted');
    const row = await personRow('sub-taro');
    expect(row).toMatchObject({ locale: 'ja', time_zone: 'Asia/Tokyo', first_seen_at: first!.first_seen_at, last_sign_in_at: first!.last_sign_in_at });
    expect((await stack.db.selectFrom('people').select('subject').where('iam_user_name', '=', 'taro').execute()).length).toBe(1);
  });

  it('a change written by another instance is put right on the next page view here (no per-instance memory)', async () => {
    const cookie = await signInForReal(stack.origin, 'taro', 'pw');
    const browserCookies = `${cookie}; kagi-locale=ja; kagi-tz=Asia/Tokyo`;
    await fetch(`${stack.origin}/`, { headers: { cookie: browserCookies } });
    await waitFor(async () => (await personRow('sub-taro'))?.time_zone === 'Asia/Tokyo', 10_000, 'the time zone noted');
    // As another instance would, having served taro from a browser in London.
    await stack.db.updateTable('people').set({ locale: 'en', time_zone: 'Europe/London' }).where('subject', '=', 'sub-taro').execute();
    await fetch(`${stack.origin}/`, { headers: { cookie: browserCookies } });
    await waitFor(async () => (await personRow('sub-taro'))?.time_zone === 'Asia/Tokyo', 10_000, 'the time zone noted again');
    expect(await personRow('sub-taro')).toMatchObject({ locale: 'ja', time_zone: 'Asia/Tokyo' });
  });
});
