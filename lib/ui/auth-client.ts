/**
 * next-auth's two browser calls, without next-auth/react: that module (with its Babel runtime
 * and the session broadcast that Kagi does not use, having no SessionProvider) was about 10 kB
 * of every signed-in page's gzipped JavaScript. Same requests as its signIn and signOut:
 * a form POST carrying the CSRF token, answered with JSON `{ url }`.
 */

const AUTH_BASE = '/api/auth';
const PROVIDER_ID = 'sso';

async function csrfToken(): Promise<string> {
  const res = await fetch(`${AUTH_BASE}/csrf`, { cache: 'no-store', credentials: 'same-origin' });
  const body = (await res.json()) as { csrfToken?: unknown };
  if (typeof body.csrfToken !== 'string') throw new Error('no CSRF token');
  return body.csrfToken;
}

async function postForm(path: string, fields: Record<string, string>): Promise<string | null> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: 'true' }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: unknown };
  return typeof body.url === 'string' ? body.url : null;
}

/** Sends the browser to the identity provider; `authorizationParams` go on its URL (e.g. prompt=login). */
export async function startSignIn(callbackUrl: string, authorizationParams?: Record<string, string>): Promise<void> {
  const query = new URLSearchParams(authorizationParams).toString();
  const url = await postForm(`${AUTH_BASE}/signin/${PROVIDER_ID}${query ? `?${query}` : ''}`, { callbackUrl });
  window.location.href = url ?? callbackUrl;
}

/** Clears next-auth's session cookie; the caller decides where the browser goes next. */
export async function endNextAuthSession(): Promise<void> {
  await postForm(`${AUTH_BASE}/signout`, { callbackUrl: window.location.origin });
}
