import { CreateUserCommand } from '@aws-sdk/client-iam';
import { decode, encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * The help-desk role is checked again with the identity provider once a session is five
 * minutes old (a refresh-token grant, through a real sign-in at the local provider): someone
 * taken out of the group loses the role soon after, not at their next sign-in.
 */
const stayer = { sub: 'agent-stays', username: 'agentstays', password: 'pw', name: 'Agent Stays', email: 'stays@example.com', groups: ['staff', 'helpdesk'] };
const leaver = { sub: 'agent-leaves', username: 'agentleaves', password: 'pw', name: 'Agent Leaves', email: 'leaves@example.com', groups: ['staff', 'helpdesk'] };
let stack: PortalStack;

beforeAll(async () => {
  // The local provider runs in this process: changing an account's groups here changes what it issues.
  stack = await startPortalStack({ idpAccounts: [stayer, leaver] });
  for (const { username } of [stayer, leaver]) await stack.admin.send(new CreateUserCommand({ UserName: username, Path: '/staff/' }));
});
afterAll(async () => {
  await stack?.stop();
});

const COOKIE = 'next-auth.session-token';

/** The same real session, as if it had begun `minutes` ago (the cookie is re-sealed with the stack's secret). */
async function aged(cookieHeader: string, minutes: number): Promise<string> {
  const raw = cookieHeader.split('; ').find((c) => c.startsWith(`${COOKIE}=`))!.slice(COOKIE.length + 1);
  const token = (await decode({ token: raw, secret: stack.secret }))!;
  expect(token.refreshToken, 'the provider issued a refresh token at sign-in').toBeTruthy();
  const rest = { ...token };
  delete rest.iat;
  delete rest.exp;
  delete rest.jti;
  const signedInAt = Math.floor(Date.now() / 1000) - minutes * 60;
  return `${COOKIE}=${await encode({ secret: stack.secret, maxAge: 1800, token: { ...rest, signedInAt } })}`;
}

const search = (cookie: string) => stack.call(null, '/api/helpdesk/users?q=agent', { headers: { cookie } });
const rolesOf = async (cookie: string) => (await (await stack.call(null, '/api/me', { headers: { cookie } })).json()).roles;

describe('the help-desk role', () => {
  it('is lost within five minutes of leaving the group, and kept by those still in it', async () => {
    const stays = await signInForReal(stack.origin, stayer.username, 'pw');
    const leaves = await signInForReal(stack.origin, leaver.username, 'pw');
    expect((await search(leaves)).status).toBe(200);

    leaver.groups = ['staff'];

    // Within its first five minutes a session keeps the roles of its sign-in…
    expect((await search(leaves)).status).toBe(200);
    // …after that the identity provider is asked again.
    const leavesLater = await aged(leaves, 6);
    const refused = await search(leavesLater);
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('forbidden');
    expect(await rolesOf(leavesLater)).toEqual(['user']);

    const staysLater = await aged(stays, 6);
    expect((await search(staysLater)).status).toBe(200);
    expect(await rolesOf(staysLater)).toEqual(['user', 'helpdesk']);
  });

  it('is dropped when the identity provider no longer accepts the session (signed out there)', async () => {
    leaver.groups = ['staff', 'helpdesk'];
    const cookie = await aged(await signInForReal(stack.origin, leaver.username, 'pw'), 6);
    const token = (await decode({ token: cookie.slice(COOKIE.length + 1), secret: stack.secret }))!;
    const forged = `${COOKIE}=${await encode({ secret: stack.secret, maxAge: 1800, token: { ...token, refreshToken: 'not-a-refresh-token' } })}`;
    expect(await rolesOf(forged)).toEqual(['user']);
    expect((await search(forged)).status).toBe(403);
  });
});
