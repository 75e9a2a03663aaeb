import { expect } from 'vitest';

/**
 * A real sign-in through the local identity provider over plain HTTP, without a browser:
 * next-auth's sign-in POST, the provider's login form, and every redirect, with cookies kept.
 */

/** Cookies for 127.0.0.1 (the portal and the identity provider share the host; cookies ignore ports). */
export class Jar {
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
export async function browse(jar: Jar, url: string, init: RequestInit = {}): Promise<{ url: string; status: number; body: string }> {
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


/** Signs in at the identity provider as `username` and returns the portal's cookie header. */
export async function signInForReal(origin: string, username: string, password: string): Promise<string> {
  const { landed, cookie } = await attemptSignIn(origin, username, password);
  expect(landed.url).toBe(`${origin}/`);
  return cookie;
}

/** The same sign-in, wherever it ends: the page it lands on, and the cookies then held. */
export async function attemptSignIn(origin: string, username: string, password: string): Promise<{ landed: { url: string; status: number; body: string }; cookie: string }> {
  const jar = new Jar();
  const { body: csrf } = await browse(jar, `${origin}/api/auth/csrf`);
  const form = { 'content-type': 'application/x-www-form-urlencoded', origin };
  const signInPage = await browse(jar, `${origin}/api/auth/signin/sso`, {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ csrfToken: JSON.parse(csrf).csrfToken, callbackUrl: `${origin}/` }),
  });
  const action = /<form method="post" action="([^"]+)"/.exec(signInPage.body)?.[1];
  expect(action, signInPage.body.slice(0, 300)).toBeDefined();
  const landed = await browse(jar, new URL(action!.replaceAll('&amp;', '&'), signInPage.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  return { landed, cookie: jar.header() };
}
