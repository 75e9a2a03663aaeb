// @ts-check
// Local OpenID Connect identity provider for dev, demo and tests: the real `oidc-provider`
// (authorization code + PKCE, RP-initiated logout) with a plain-HTML sign-in page and demo
// accounts. A stand-alone program: imports nothing from app/ or lib/ (STYLE.md rule 13).

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

import { DEMO_ACCOUNTS } from './accounts.mjs';

/** @typedef {import('./accounts.mjs').DemoAccount} DemoAccount */
/** @typedef {import('oidc-provider').KoaContext} KoaContext */
/** @typedef {import('oidc-provider').Interaction} Interaction */

/**
 * @typedef {object} LocalIdpClient
 * @property {string} client_id
 * @property {string} client_secret
 * @property {string[]} redirect_uris
 * @property {string[]} [post_logout_redirect_uris]
 * @property {'client_secret_basic' | 'client_secret_post'} [token_endpoint_auth_method]
 *   registered method; oidc-provider accepts either secret method for a secret client anyway
 * @property {string} [client_name] shown on the sign-in page
 */

/**
 * @typedef {object} LocalIdp
 * @property {string} issuer  e.g. 'http://127.0.0.1:4520' (no trailing slash)
 * @property {number} port
 * @property {() => Promise<void>} close
 */

const SCOPES = 'openid profile email groups';
const HOUR = 60 * 60;
const MAX_FORM_BYTES = 16 * 1024;
const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)$/;

/**
 * Starts the identity provider and resolves once it is listening.
 *
 * @param {object} options
 * @param {number} [options.port]   0 picks a free port
 * @param {string} [options.host]
 * @param {LocalIdpClient[]} options.clients
 * @param {readonly DemoAccount[]} [options.accounts]  defaults to the demo accounts
 * @returns {Promise<LocalIdp>}
 */
export async function startLocalIdp({ port = 0, host = '127.0.0.1', clients, accounts = DEMO_ACCOUNTS }) {
  if (!Array.isArray(clients) || clients.length === 0) {
    throw new TypeError('startLocalIdp: at least one client is required');
  }

  // The issuer must contain the real port, so listen first and attach the provider afterwards.
  /** @type {http.RequestListener | undefined} */
  let handler;
  const server = http.createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end('starting');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('startLocalIdp: unexpected server address');
  }
  const actualPort = address.port;
  const issuerHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const issuer = `http://${issuerHost}:${actualPort}`;

  try {
    const provider = createProvider(issuer, clients, accounts);
    handler = provider.callback();
  } catch (err) {
    await closeServer(server);
    throw err;
  }

  return {
    issuer,
    port: actualPort,
    close: () => closeServer(server),
  };
}

/** @param {http.Server} server */
function closeServer(server) {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve(undefined)));
    // fetch() and browsers keep connections alive; without this close() would wait for them.
    server.closeAllConnections();
  });
}

/**
 * @param {string} issuer
 * @param {LocalIdpClient[]} clients
 * @param {readonly DemoAccount[]} accounts
 */
function createProvider(issuer, clients, accounts) {
  const bySub = new Map(accounts.map((a) => [a.sub, a]));
  const byUsername = new Map(accounts.map((a) => [a.username.toLowerCase(), a]));

  // A fresh signing key per start: nothing outlives the process (sessions live in memory too).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: `local-${Date.now().toString(36)}` };

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      client_name: c.client_name,
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
      // Refresh tokens let the portal re-check a person's groups (the help-desk role) during a session.
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: c.token_endpoint_auth_method ?? 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
      // auth_time in every ID token: the portal reads it for its "fresh sign-in" check.
      require_auth_time: true,
    })),
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    jwks: { keys: [signingKey] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
    },
    pkce: { required: () => true },
    responseTypes: ['code'],
    scopes: ['openid'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
    },
    // next-auth v4 (idToken: true) builds the profile from the ID token alone (TOOLCHAIN 3.5).
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource,
        postLogoutSuccessSource,
      },
      userinfo: { enabled: true },
      revocation: { enabled: true },
    },
    ttl: {
      AccessToken: HOUR,
      AuthorizationCode: 60,
      IdToken: HOUR,
      Interaction: HOUR,
      Session: 8 * HOUR,
      Grant: 8 * HOUR,
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx, sub) {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return {
        accountId: account.sub,
        // oidc-provider filters these by the granted scopes.
        async claims() {
          return {
            sub: account.sub,
            preferred_username: account.username,
            name: account.name,
            email: account.email,
            email_verified: account.emailVerified ?? true,
            groups: [...account.groups],
          };
        },
      };
    },
    // As Keycloak does: a refresh token with every sign-in (no offline_access needed); it ends
    // with the identity provider's session.
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    // First-party client: no consent screen. Every authorization is granted the fixed scopes.
    async loadExistingGrant(ctx) {
      const { Grant } = ctx.oidc.provider;
      const clientId = ctx.oidc.client.clientId;
      const accountId = ctx.oidc.session.accountId;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
      const existing = grantId ? await Grant.find(grantId) : undefined;
      if (existing && existing.accountId === accountId) return existing;
      const grant = new Grant({ clientId, accountId });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
    renderError,
  });

  provider.on('server_error', (_ctx, err) => {
    process.stderr.write(`local idp: server error: ${err instanceof Error ? err.stack : String(err)}\n`);
  });

  // Koa middleware, run before oidc-provider's own routes.
  provider.use(async (ctx, next) => {
    const match = INTERACTION_PATH.exec(ctx.path);
    if (!match) return next();
    const uid = /** @type {string} */ (match[1]);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');

    /** @type {Interaction} */
    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (err) {
      return sendPage(ctx, 400, expiredPage(errorName(err)));
    }
    if (details.uid !== uid) {
      return sendPage(ctx, 400, expiredPage('interaction mismatch'));
    }
    const client = await provider.Client.find(details.params.client_id);
    const clientLabel = client?.clientName || details.params.client_id;
    const promptName = details.prompt.name;

    if (ctx.method === 'GET') {
      if (promptName === 'login') {
        const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
        return sendPage(ctx, 200, signInPage({ uid, clientLabel, accounts, username: hint }));
      }
      if (promptName === 'consent') {
        // Normally loadExistingGrant prevents this prompt; grant whatever is still missing.
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session?.accountId, clientId: details.params.client_id });
        if (!grant) return sendPage(ctx, 400, expiredPage('grant not found'));
        const missing = /** @type {{ missingOIDCScope?: string[], missingOIDCClaims?: string[], missingResourceScopes?: Record<string, string[]> }} */ (
          details.prompt.details
        );
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
        const grantId = await grant.save();
        await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        ctx.respond = false;
        return;
      }
      return sendPage(ctx, 400, expiredPage(`unsupported prompt ${promptName}`));
    }

    if (ctx.method === 'POST') {
      if (promptName !== 'login') {
        return sendPage(ctx, 400, expiredPage('no sign-in pending'));
      }
      /** @type {URLSearchParams} */
      let form;
      try {
        form = await readForm(ctx.req);
      } catch {
        return sendPage(ctx, 400, expiredPage('unreadable form'));
      }
      const username = (form.get('username') ?? '').trim();
      const password = form.get('password') ?? '';
      const account = byUsername.get(username.toLowerCase());
      if (!account || account.password !== password) {
        return sendPage(ctx, 401, signInPage({ uid, clientLabel, accounts, username, error: 'Wrong username or password. Try again.' }));
      }
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: account.sub, amr: ['pwd'], remember: true } },
        { mergeWithLastSubmission: false },
      );
      ctx.respond = false;
      return;
    }

    ctx.set('Allow', 'GET, POST');
    return sendPage(ctx, 405, expiredPage('method not allowed'));
  });

  return provider;
}

/**
 * @param {KoaContext} ctx
 * @param {number} status
 * @param {string} html
 */
function sendPage(ctx, status, html) {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = html;
}

/** @param {unknown} err */
function errorName(err) {
  return err instanceof Error ? err.message : 'unknown error';
}

/**
 * @param {http.IncomingMessage} req
 * @returns {Promise<URLSearchParams>}
 */
async function readForm(req) {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new Error('expected a urlencoded form');
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f4f5f7; color: #1f2328; }
  main { max-width: 30rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 8px;
         box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  .sub { margin: 0 0 1.5rem; color: #57606a; }
  form { display: grid; gap: .5rem; }
  label { font-weight: 600; margin-top: .5rem; }
  input { font: inherit; padding: .5rem .6rem; border: 1px solid #8c959f; border-radius: 6px; }
  input:focus { outline: 2px solid #0969da; outline-offset: 1px; }
  button { font: inherit; font-weight: 600; margin-top: 1rem; padding: .6rem; border: 0; border-radius: 6px;
           background: #0969da; color: #fff; cursor: pointer; }
  button:hover { background: #0550ae; }
  .error { margin: 0 0 1rem; padding: .6rem .8rem; border: 1px solid #cf222e; border-radius: 6px;
           background: #ffebe9; color: #82071e; }
  section { margin-top: 2rem; border-top: 1px solid #d0d7de; padding-top: 1rem; }
  h2 { font-size: 1rem; margin: 0 0 .5rem; }
  table { width: 100%; border-collapse: collapse; font-size: .9rem; }
  th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid #eaeef2; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
`;

/**
 * @param {string} title
 * @param {string} body
 */
function layout(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/**
 * @param {object} o
 * @param {string} o.uid
 * @param {string} o.clientLabel
 * @param {readonly DemoAccount[]} o.accounts
 * @param {string} [o.username]
 * @param {string} [o.error]
 */
function signInPage({ uid, clientLabel, accounts, username = '', error }) {
  const errorBlock = error ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(error)}</p>\n` : '';
  const describedBy = error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : '';
  const rows = accounts
    .map(
      (a) => `<tr><td><code>${escapeHtml(a.username)}</code></td><td><code>${escapeHtml(a.password)}</code></td>` +
        `<td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.groups.join(', '))}${a.note ? ` (${escapeHtml(a.note)})` : ''}</td></tr>`,
    )
    .join('\n');
  return layout(
    'Sign in · local identity provider',
    `<h1>Sign in</h1>
<p class="sub">Local identity provider for <strong>${escapeHtml(clientLabel)}</strong> (demo accounts only)</p>
${errorBlock}<form method="post" action="/interaction/${escapeHtml(uid)}" autocomplete="off">
<label for="username">Username</label>
<input id="username" name="username" type="text" value="${escapeHtml(username)}" autocapitalize="none" spellcheck="false" required${describedBy}${error ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" required${describedBy}${error ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
<section aria-labelledby="demo-accounts-heading">
<h2 id="demo-accounts-heading">Demo accounts</h2>
<table>
<thead><tr><th scope="col">Username</th><th scope="col">Password</th><th scope="col">Name</th><th scope="col">Groups</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`,
  );
}

/** @param {string} reason */
function expiredPage(reason) {
  return layout(
    'Sign-in expired · local identity provider',
    `<h1>This sign-in can't continue</h1>
<p>The sign-in request has expired or was already used (${escapeHtml(reason)}).</p>
<p>Go back to the application and sign in again.</p>`,
  );
}

/**
 * RP-initiated logout: the person already chose "sign out" in the portal, so submit the
 * confirmation form at once (logout=yes also ends the session here) instead of asking again.
 *
 * @param {KoaContext} ctx
 * @param {string} form  oidc-provider's form with id "op.logoutForm" and the xsrf field
 */
async function logoutSource(ctx, form) {
  const withConfirm = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>');
  ctx.type = 'html';
  // A logout page may run one inline script; allow exactly that script.
  const script = "document.getElementById('op.logoutForm').submit();";
  const sha = createHash('sha256').update(script).digest('base64');
  ctx.set('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${sha}'; frame-ancestors 'none'`);
  ctx.body = layout(
    'Signing out · local identity provider',
    `<h1>Signing out…</h1>
${withConfirm}
<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
<script>${script}</script>`,
  );
}

/** @param {KoaContext} ctx */
async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = layout('Signed out · local identity provider', `<h1>You are signed out</h1>
<p>You have been signed out of the local identity provider. You can close this tab.</p>`);
}

/**
 * @param {KoaContext} ctx
 * @param {Record<string, unknown>} out  error, error_description, state, …
 */
async function renderError(ctx, out) {
  ctx.type = 'html';
  const items = Object.entries(out)
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`)
    .join('\n');
  ctx.body = layout('Error · local identity provider', `<h1>Sign-in error</h1>
<table>${items}</table>`);
}
