import fs from 'node:fs';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { decode, encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptSignIn, signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * The pin between an IAM user and one identity-provider subject, through real sign-ins at the
 * local identity provider. Two accounts there claim the same IAM user (IAM_USERNAME_CLAIM=email,
 * the same verified address): the first to sign in holds it, the second is refused on the
 * sign-in page until the help desk releases the link (audited), and then gets it; the first
 * one's older session loses it at the 5-minute re-check.
 */
const SHARED = 'shared.person@example.com';
const first = { sub: 'idp-first', username: 'first', password: 'pw', name: 'First Claimant', email: SHARED, groups: ['staff'] };
const second = { sub: 'idp-second', username: 'second', password: 'pw', name: 'Second Claimant', email: SHARED, groups: ['staff'] };
const racers = [0, 1, 2, 3].map((i) => ({ sub: `idp-racer-${i}`, username: `racer${i}`, password: 'pw', name: `Racer ${i}`, email: 'race@example.com', groups: ['staff'] }));
const agent = { sub: 'idp-agent', username: 'agent', password: 'pw', name: 'Agent', email: 'agent@example.com', groups: ['staff', 'helpdesk'] };
const USER_PATH = `/api/helpdesk/users/${encodeURIComponent(SHARED)}`;

let stack: PortalStack;

beforeAll(async () => {
  // On PostgreSQL (the postgres project) the race below is between pooled connections.
  stack = await startPortalStack({ portalEnv: { IAM_USERNAME_CLAIM: 'email' }, idpAccounts: [first, second, agent, ...racers] });
  for (const UserName of [SHARED, 'race@example.com', 'agent@example.com']) await stack.admin.send(new CreateUserCommand({ UserName, Path: '/staff/' }));
});
afterAll(async () => {
  await stack?.stop();
});

const COOKIE = 'next-auth.session-token';

/** The same real session, as if it had begun `minutes` ago (re-sealed with the stack's secret). */
async function aged(cookieHeader: string, minutes: number): Promise<string> {
  const raw = cookieHeader.split('; ').find((c) => c.startsWith(`${COOKIE}=`))!.slice(COOKIE.length + 1);
  const token = (await decode({ token: raw, secret: stack.secret }))!;
  const rest = { ...token };
  delete rest.iat;
  delete rest.exp;
  delete rest.jti;
  return `${COOKIE}=${await encode({ secret: stack.secret, maxAge: 1800, token: { ...rest, signedInAt: Math.floor(Date.now() / 1000) - minutes * 60 } })}`;
}

async function me(cookie: string): Promise<Response> {
  return fetch(`${stack.origin}/api/me`, { headers: { cookie } });
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('one identity-provider subject per IAM user', () => {
  let firstCookie = '';
  let agentCookie = '';

  it('the first sign-in that claims a user holds it; another subject claiming it is refused with a clear page and no session', async () => {
    firstCookie = await signInForReal(stack.origin, first.username, 'pw');
    expect(await (await me(firstCookie)).json()).toMatchObject({ iamUserName: SHARED });

    const { landed, cookie } = await attemptSignIn(stack.origin, second.username, 'pw');
    expect(landed.url).toBe(`${stack.origin}/signin?error=SignInLinkTaken`);
    expect(landed.body).toContain('another company account is already linked to it');
    expect(landed.body).toContain('contact the help desk');
    // No session at all, let alone one linked to the first person's user.
    expect(cookie).not.toContain(COOKIE);
    expect((await me(cookie)).status).toBe(401);

    const pin = await stack.db.selectFrom('identity_links').selectAll().where('iam_user_name', '=', SHARED).executeTakeFirst();
    expect(pin).toMatchObject({ subject: first.sub, linked_by: 'sign-in' });

    // The operator is told, by subject, never by address (here the IAM user's name is one).
    const line = fs.readFileSync(stack.logFile, 'utf8').split('\n').find((l) => l.includes('sign-in refused'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ type: 'sign-in', subject: second.sub, linkedSubject: first.sub });
    expect(line).not.toContain(SHARED);
  });

  it('the Japanese sign-in page says it in Japanese', async () => {
    const res = await fetch(`${stack.origin}/signin?error=SignInLinkTaken`, { headers: { cookie: 'kagi-locale=ja' } });
    const body = await res.text();
    expect(body).toContain('別の会社のアカウントがすでに紐付けられており');
    expect(body).toContain('ヘルプデスクにご連絡ください。');
  });

  it('the help desk sees who holds the user and releases the link within a verified case, audited once with its outcome and ticket', async () => {
    agentCookie = await signInForReal(stack.origin, agent.username, 'pw');
    const overview = await (await fetch(`${stack.origin}${USER_PATH}`, { headers: { cookie: agentCookie } })).json();
    expect(overview.signInLink).toMatchObject({ subject: first.sub, signInName: first.username, name: first.name, linkedBy: 'sign-in' });

    // The person (the first claimant's session) shows a help-desk code; the agent opens a case with it.
    const { code } = await (await fetch(`${stack.origin}/api/me/helpdesk-code`, { method: 'POST', headers: { cookie: firstCookie, origin: stack.origin } })).json();
    const opened = await fetch(`${stack.origin}${USER_PATH}/cases`, { ...json('POST', { ticket: 'INC-7001', code }), headers: { 'content-type': 'application/json', cookie: agentCookie, origin: stack.origin } });
    expect(opened.status).toBe(201);
    const caseId = (await opened.json()).id;

    const release = () =>
      fetch(`${stack.origin}${USER_PATH}/actions`, { ...json('POST', { caseId, action: 'release-sign-in-link' }), headers: { 'content-type': 'application/json', cookie: agentCookie, origin: stack.origin } });
    expect((await release()).status).toBe(200);
    expect(await stack.db.selectFrom('identity_links').selectAll().where('iam_user_name', '=', SHARED).executeTakeFirst()).toBeUndefined();
    // Nothing left to release: refused with a stable code, and recorded too.
    const again = await release();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'no-sign-in-link' });

    const entries = await stack.db.selectFrom('audit_entries').selectAll().where('action', '=', 'sign-in-link.release').orderBy('id').execute();
    expect(entries.map((e) => [e.subject, e.outcome, e.ticket, e.actor])).toEqual([
      [SHARED, 'ok', 'INC-7001', 'agent@example.com'],
      [SHARED, 'no-sign-in-link', 'INC-7001', 'agent@example.com'],
    ]);
  });

  it('after the release the old holder’s sessions are over and the next subject to sign in holds the user', async () => {
    const secondCookie = await signInForReal(stack.origin, second.username, 'pw');
    expect(await (await me(secondCookie)).json()).toMatchObject({ iamUserName: SHARED });
    const overview = await (await fetch(`${stack.origin}${USER_PATH}`, { headers: { cookie: agentCookie } })).json();
    expect(overview.signInLink).toMatchObject({ subject: second.sub, name: second.name });

    // The release ended the old holder's sessions at once, on every instance. (Sign-ins are
    // stamped in seconds and one in the release's own second stays valid, so the cookie is
    // re-sealed as signed in a minute ago: this test runs faster than a person.)
    const firstSession = await aged(firstCookie, 1);
    expect((await me(firstSession)).status).toBe(401);
    expect((await fetch(`${stack.origin}/api/me/access-keys`, { headers: { cookie: firstSession } })).status).toBe(401);

    // And the first one signing in again is refused now.
    const { landed } = await attemptSignIn(stack.origin, first.username, 'pw');
    expect(landed.url).toBe(`${stack.origin}/signin?error=SignInLinkTaken`);
  });

  it('notices and the help desk’s search follow the pin, not whoever signed in last', async () => {
    // The first claimant's record says it signed in later (as a sign-in before the pin could have).
    await stack.db.updateTable('people').set({ last_sign_in_at: new Date(Date.now() + 60_000).toISOString() }).where('subject', '=', first.sub).execute();
    const found = await (await fetch(`${stack.origin}/api/helpdesk/users?q=${encodeURIComponent('shared.person')}`, { headers: { cookie: agentCookie } })).json();
    expect(found.users).toEqual([expect.objectContaining({ userName: SHARED, name: second.name })]);
  });

  it('of several first sign-ins at once by different subjects, exactly one holds the user', async () => {
    const attempts = await Promise.all(racers.map((r) => attemptSignIn(stack.origin, r.username, 'pw')));
    const landedHome = attempts.filter((a) => a.landed.url === `${stack.origin}/`);
    const refused = attempts.filter((a) => a.landed.url.endsWith('/signin?error=SignInLinkTaken'));
    expect([landedHome.length, refused.length]).toEqual([1, racers.length - 1]);
    const pins = await stack.db.selectFrom('identity_links').selectAll().where('iam_user_name', '=', 'race@example.com').execute();
    expect(pins).toHaveLength(1);
    const winner = await (await me(landedHome[0]!.cookie)).json();
    expect(winner.iamUserName).toBe('race@example.com');
    expect(racers.find((r) => r.sub === pins[0]!.subject)?.name).toBe(winner.name);
  });
});
