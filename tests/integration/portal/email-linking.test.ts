import fs from 'node:fs';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * The Google Workspace recipe, IAM_USERNAME_CLAIM=email, through a real sign-in at the local
 * identity provider (plain HTTP, no browser): a verified address links to its IAM user, an
 * unverified one links to nobody, though that IAM user exists under the path.
 */
const VERIFIED = 'taro@example.com';
const UNVERIFIED = 'hanako@example.com';

let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack({
    portalEnv: { IAM_USERNAME_CLAIM: 'email' },
    idpAccounts: [
      { sub: 'v-1', username: 'verified', password: 'pw', name: 'Verified Person', email: VERIFIED, groups: [] },
      { sub: 'u-1', username: 'unverified', password: 'pw', name: 'Unverified Person', email: UNVERIFIED, emailVerified: false, groups: [] },
    ],
  });
  for (const UserName of [VERIFIED, UNVERIFIED]) await stack.admin.send(new CreateUserCommand({ UserName, Path: '/staff/' }));
});
afterAll(async () => {
  await stack?.stop();
});

/** Signs in at the identity provider as `username` and returns what /api/me says. */
async function signIn(username: string): Promise<{ iamUserName: string | null; email: string | null }> {
  const cookie = await signInForReal(stack.origin, username, 'pw');
  const me = await fetch(`${stack.origin}/api/me`, { headers: { cookie } });
  expect(me.status).toBe(200);
  return me.json();
}

describe('IAM_USERNAME_CLAIM=email', () => {
  it('a verified address (email_verified: true) links to the IAM user of that name', async () => {
    expect(await signIn('verified')).toMatchObject({ iamUserName: VERIFIED, email: VERIFIED });
  });

  it('an unverified address (email_verified: false) signs in but links to nobody', async () => {
    expect(await signIn('unverified')).toMatchObject({ iamUserName: null, email: UNVERIFIED });
    // The operator is told why, without the address.
    const log = fs.readFileSync(stack.logFile, 'utf8');
    expect(log).toMatch(/"type":"sign-in","subject":"u-1","claim":"email","msg":"an e-mail address the identity provider has not verified/);
    expect(log).not.toContain(UNVERIFIED);
  });
});
