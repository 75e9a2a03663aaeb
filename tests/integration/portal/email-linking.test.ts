import fs from 'node:fs';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Cookies for 127.0.0.1 (the portal and the identity provider share the host; cookies ignore ports). */
class Jar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1).trim();
      if (value === '') this.cookies.delete(pair.slice(0, eq).trim());
      else this.cookies.set(pair.slice(0, eq).trim(), value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Fetches and follows redirects by hand, keeping cookies, until a page that is not a redirect. */
async function browse(jar: Jar, url: string, init: RequestInit = {}): Promise<{ url: string; status: number; body: string }> {
  let current = url;
  let options = init;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(current, { ...options, redirect: 'manual', headers: { ...(options.headers as Record<string, string>), cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      current = new URL(location, current).href;
      options = {};
      continue;
    }
    return { url: current, status: res.status, body: await res.text() };
  }
  throw new Error('too many redirects');
}

/** Signs in at the identity provider as `username` and returns what /api/me says. */
async function signIn(username: string): Promise<{ iamUserName: string | null; email: string | null }> {
  const jar = new Jar();
  const { body: csrf } = await browse(jar, `${stack.origin}/api/auth/csrf`);
  const form = { 'content-type': 'application/x-www-form-urlencoded', origin: stack.origin };
  const signInPage = await browse(jar, `${stack.origin}/api/auth/signin/sso`, {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ csrfToken: JSON.parse(csrf).csrfToken, callbackUrl: `${stack.origin}/` }),
  });
  const action = /<form method="post" action="([^"]+)"/.exec(signInPage.body)?.[1];
  expect(action, signInPage.body.slice(0, 300)).toBeDefined();
  const landed = await browse(jar, new URL(action!.replaceAll('&amp;', '&'), signInPage.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: 'pw' }),
  });
  expect(landed.url).toBe(`${stack.origin}/`);
  const me = await fetch(`${stack.origin}/api/me`, { headers: { cookie: jar.header() } });
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
