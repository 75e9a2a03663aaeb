// @ts-check
// End-to-end smoke check of the local identity provider over plain HTTP (no browser):
// code flow + PKCE, ID token signature and claims, userinfo, SSO, prompt=login, max_age,
// wrong password, account switch, RP-initiated logout. Exits non-zero on the first failure.
//
//   node local/idp/tools/smoke.mjs

import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { startLocalIdp } from '../server.mjs';

const CLIENT = {
  client_id: 'kagi-local',
  client_secret: 'smoke-secret',
  redirect_uris: ['http://127.0.0.1:3000/api/auth/callback/kagi'],
  post_logout_redirect_uris: ['http://127.0.0.1:3000/signed-out'],
};
const REDIRECT_URI = /** @type {string} */ (CLIENT.redirect_uris[0]);
const POST_LOGOUT = /** @type {string} */ (CLIENT.post_logout_redirect_uris[0]);

const b64url = (/** @type {Buffer} */ b) => b.toString('base64url');

/** A minimal cookie jar for one host (cookies are not port-scoped, paths are ignored). */
class Jar {
  /** @type {Map<string, string>} */
  cookies = new Map();
  /** @param {Response} res */
  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now());
      assert.ok(!attrs.some((a) => /^\s*secure\s*$/i.test(a)), `cookie ${name} must not be Secure on http`);
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Fetches, following redirects by hand, until a redirect to the client (callback) or a page.
 * @param {Jar} jar
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<{ kind: 'callback', url: URL } | { kind: 'page', url: string, status: number, html: string }>}
 */
async function browse(jar, url, init = {}) {
  let current = url;
  let options = init;
  for (let hops = 0; hops < 20; hops++) {
    if (current.startsWith('http://127.0.0.1:3000/')) return { kind: 'callback', url: new URL(current) };
    const res = await fetch(current, {
      ...options,
      redirect: 'manual',
      headers: { ...(options.headers ?? {}), cookie: jar.header() },
    });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      current = new URL(location, current).href;
      options = {};
      continue;
    }
    const html = await res.text();
    // Auto-submitting pages (logout confirmation, oidc-provider's form_post): submit like a browser.
    const auto = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (auto && !html.includes('id="username"') && /\.submit\(\)/.test(html)) {
      const body = new URLSearchParams();
      for (const m of (auto[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) {
        body.set(/** @type {string} */ (m[1]), /** @type {string} */ (m[2]));
      }
      current = new URL(/** @type {string} */ (auto[1]).replaceAll('&amp;', '&'), current).href;
      options = { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
      continue;
    }
    return { kind: 'page', url: current, status: res.status, html };
  }
  throw new Error('too many redirects');
}

/** @param {string} html */
function formAction(html) {
  const m = /<form method="post" action="([^"]+)"/.exec(html);
  assert.ok(m, 'sign-in form present');
  return /** @type {string} */ (m[1]);
}

/** @param {string} token */
function decodeJwt(token) {
  const [h = '', p = '', s = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

const idp = await startLocalIdp({ port: 0, clients: [CLIENT] });
const { issuer } = idp;
console.log(`started ${issuer}`);
const checks = [];
/** @param {string} name @param {() => Promise<void>} fn */
async function check(name, fn) {
  await fn();
  checks.push(name);
  console.log(`ok - ${name}`);
}

try {
  assert.match(issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const jwks = await (await fetch(discovery.jwks_uri)).json();

  await check('discovery', async () => {
    assert.equal(discovery.issuer, issuer);
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    for (const s of ['openid', 'profile', 'email', 'groups']) assert.ok(discovery.scopes_supported.includes(s), s);
    for (const c of ['groups', 'preferred_username', 'auth_time']) assert.ok(discovery.claims_supported.includes(c), c);
    assert.ok(discovery.end_session_endpoint);
    assert.deepEqual(discovery.token_endpoint_auth_methods_supported.sort(), ['client_secret_basic', 'client_secret_post']);
    assert.equal(jwks.keys[0].alg, 'RS256');
  });

  /**
   * Starts an authorization request; returns the state/nonce/verifier and the first stop.
   * @param {Jar} jar
   * @param {Record<string, string>} [extra]
   */
  async function authorize(jar, extra = {}) {
    const verifier = b64url(randomBytes(32));
    const state = b64url(randomBytes(12));
    const nonce = b64url(randomBytes(12));
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: CLIENT.client_id,
      response_type: 'code',
      scope: 'openid profile email groups',
      redirect_uri: REDIRECT_URI,
      state,
      nonce,
      code_challenge: b64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
      ...extra,
    }).toString();
    return { verifier, state, nonce, stop: await browse(jar, url.href) };
  }

  /** @param {Jar} jar @param {string} html @param {string} username @param {string} password @param {string} pageUrl */
  function submitLogin(jar, html, username, password, pageUrl) {
    return browse(jar, new URL(formAction(html), pageUrl).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }),
    });
  }

  /**
   * Exchanges the code and validates the ID token.
   * @param {URL} callback @param {{ verifier: string, state: string, nonce: string }} req
   * @param {'basic' | 'post'} [auth]
   */
  async function redeem(callback, req, auth = 'basic') {
    assert.equal(callback.searchParams.get('state'), req.state, 'state passed through');
    assert.equal(callback.searchParams.get('iss'), issuer);
    const code = callback.searchParams.get('code');
    assert.ok(code, `code in callback ${callback.href}`);
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: req.verifier });
    /** @type {Record<string, string>} */
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (auth === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64')}`;
    } else {
      body.set('client_id', CLIENT.client_id);
      body.set('client_secret', CLIENT.client_secret);
    }
    const res = await fetch(discovery.token_endpoint, { method: 'POST', headers, body });
    const tokens = await res.json();
    assert.equal(res.status, 200, JSON.stringify(tokens));
    const jwt = decodeJwt(tokens.id_token);
    assert.equal(jwt.header.alg, 'RS256');
    const jwk = jwks.keys.find((/** @type {{kid: string}} */ k) => k.kid === jwt.header.kid);
    assert.ok(verify('sha256', Buffer.from(jwt.signingInput), createPublicKey({ key: jwk, format: 'jwk' }), jwt.signature), 'ID token signature');
    const c = jwt.payload;
    assert.equal(c.iss, issuer);
    assert.equal(c.aud, CLIENT.client_id);
    assert.equal(c.nonce, req.nonce, 'nonce passed through');
    assert.equal(typeof c.auth_time, 'number', 'auth_time in ID token');
    return { tokens, claims: c };
  }

  const jar = new Jar();
  /** @type {number} */
  let firstAuthTime = 0;

  await check('wrong password re-renders the form with an error', async () => {
    const { stop } = await authorize(jar);
    assert.equal(stop.kind, 'page');
    if (stop.kind !== 'page') return;
    assert.match(stop.html, /<label for="username">Username<\/label>/);
    assert.match(stop.html, /<label for="password">Password<\/label>/);
    assert.match(stop.html, /<button type="submit">Sign in<\/button>/);
    assert.match(stop.html, /<main>/);
    assert.match(stop.html, /<h1>/);
    const bad = await submitLogin(jar, stop.html, '<taro>"', 'nope', stop.url);
    assert.equal(bad.kind, 'page');
    if (bad.kind !== 'page') return;
    assert.equal(bad.status, 401);
    assert.match(bad.html, /role="alert"[^>]*>Wrong username or password/);
    assert.match(bad.html, /value="&lt;taro&gt;&quot;"/, 'echoed username escaped');
    assert.doesNotMatch(bad.html, /<taro>/);
    const bad2 = await submitLogin(jar, bad.html, 'taro', 'wrong', bad.url);
    assert.equal(bad2.kind, 'page');
  });

  await check('code flow + PKCE as taro: ID token and userinfo claims', async () => {
    const req = await authorize(jar);
    assert.equal(req.stop.kind, 'page');
    if (req.stop.kind !== 'page') return;
    const done = await submitLogin(jar, req.stop.html, 'taro', 'demo', req.stop.url);
    assert.equal(done.kind, 'callback', JSON.stringify(done).slice(0, 500));
    if (done.kind !== 'callback') return;
    const { tokens, claims } = await redeem(done.url, req);
    assert.equal(claims.sub, 'taro');
    assert.equal(claims.preferred_username, 'taro');
    assert.equal(claims.name, 'Taro Yamada');
    assert.equal(claims.email, 'taro@example.com');
    assert.deepEqual(claims.groups, ['staff']);
    assert.ok(Math.abs(claims.auth_time - Date.now() / 1000) < 5);
    firstAuthTime = claims.auth_time;
    console.log('  id_token claims:', JSON.stringify(claims));
    const ui = await (await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
    console.log('  userinfo:', JSON.stringify(ui));
    assert.equal(ui.sub, 'taro');
    assert.equal(ui.preferred_username, 'taro');
    assert.equal(ui.name, 'Taro Yamada');
    assert.equal(ui.email, 'taro@example.com');
    assert.deepEqual(ui.groups, ['staff']);
  });

  await check('SSO: second authorization skips the form, auth_time unchanged, client_secret_post works', async () => {
    const req = await authorize(jar);
    assert.equal(req.stop.kind, 'callback');
    if (req.stop.kind !== 'callback') return;
    const { claims } = await redeem(req.stop.url, req, 'post');
    assert.equal(claims.auth_time, firstAuthTime);
  });

  await sleep(1100);
  await check('prompt=login forces a new sign-in and a new auth_time', async () => {
    const req = await authorize(jar, { prompt: 'login' });
    assert.equal(req.stop.kind, 'page');
    if (req.stop.kind !== 'page') return;
    const done = await submitLogin(jar, req.stop.html, 'taro', 'demo', req.stop.url);
    assert.equal(done.kind, 'callback');
    if (done.kind !== 'callback') return;
    const { claims } = await redeem(done.url, req);
    assert.ok(claims.auth_time > firstAuthTime, `${claims.auth_time} > ${firstAuthTime}`);
    firstAuthTime = claims.auth_time;
  });

  // max_age compares whole seconds (now - auth_time > max_age), so wait over 2 s to be sure.
  await sleep(2100);
  await check('max_age=1 after 2 s forces a new sign-in', async () => {
    const req = await authorize(jar, { max_age: '1' });
    assert.equal(req.stop.kind, 'page');
    if (req.stop.kind !== 'page') return;
    const done = await submitLogin(jar, req.stop.html, 'taro', 'demo', req.stop.url);
    assert.equal(done.kind, 'callback');
    if (done.kind !== 'callback') return;
    const { claims } = await redeem(done.url, req);
    assert.ok(claims.auth_time > firstAuthTime);
  });

  await check('prompt=login as another account (sato) switches the session', async () => {
    const req = await authorize(jar, { prompt: 'login' });
    assert.equal(req.stop.kind, 'page');
    if (req.stop.kind !== 'page') return;
    let done = await submitLogin(jar, req.stop.html, 'sato', 'demo', req.stop.url);
    // oidc-provider ends the old session and restarts the request; it may ask again.
    if (done.kind === 'page') done = await submitLogin(jar, done.html, 'sato', 'demo', done.url);
    assert.equal(done.kind, 'callback', JSON.stringify(done).slice(0, 800));
    if (done.kind !== 'callback') return;
    const { claims } = await redeem(done.url, req);
    assert.equal(claims.preferred_username, 'sato');
    assert.deepEqual(claims.groups, ['staff', 'helpdesk']);
  });

  await check('nobody signs in with its own claims', async () => {
    const other = new Jar();
    const req = await authorize(other);
    if (req.stop.kind !== 'page') throw new Error('expected form');
    const done = await submitLogin(other, req.stop.html, 'nobody', 'demo', req.stop.url);
    if (done.kind !== 'callback') throw new Error('expected callback');
    const { claims } = await redeem(done.url, req);
    assert.equal(claims.preferred_username, 'nobody');
    assert.equal(claims.name, 'Nobu Tanaka');
  });

  await check('no PKCE is rejected', async () => {
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({ client_id: CLIENT.client_id, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, state: 's' }).toString();
    const stop = await browse(new Jar(), url.href);
    assert.equal(stop.kind, 'callback');
    if (stop.kind !== 'callback') return;
    assert.equal(stop.url.searchParams.get('error'), 'invalid_request');
  });

  await check('wrong client secret is rejected', async () => {
    const res = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('kagi-local:nope').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT_URI, code_verifier: 'x'.repeat(43) }),
    });
    assert.equal(res.status, 401);
  });

  await check('RP-initiated logout without a confirmation click, then sign-in is required', async () => {
    const req = await authorize(jar);
    if (req.stop.kind !== 'callback') throw new Error('expected SSO');
    const { tokens } = await redeem(req.stop.url, req);
    const url = new URL(discovery.end_session_endpoint);
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: POST_LOGOUT, state: 'bye' }).toString();
    const out = await browse(jar, url.href);
    assert.equal(out.kind, 'callback', JSON.stringify(out).slice(0, 800));
    if (out.kind !== 'callback') return;
    assert.equal(out.url.origin + out.url.pathname, POST_LOGOUT);
    assert.equal(out.url.searchParams.get('state'), 'bye');
    const again = await authorize(jar);
    assert.equal(again.stop.kind, 'page', 'IdP session ended');
  });

  await check('expired/unknown interaction shows a page, not a crash', async () => {
    const stop = await browse(new Jar(), `${issuer}/interaction/doesnotexist`);
    assert.equal(stop.kind, 'page');
    if (stop.kind !== 'page') return;
    assert.equal(stop.status, 400);
    assert.match(stop.html, /sign in again/);
  });

  console.log(`\nall ${checks.length} checks passed`);
} finally {
  await idp.close();
}
