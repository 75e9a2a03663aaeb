// @ts-check
/**
 * `npm run bench:pages`: how much JavaScript each signed-in page makes the browser download.
 * Starts the local stack (IAM, identity provider, `next start` on the last `next build`),
 * signs in through the identity provider's real form in Chromium, opens each page, and counts
 * every script the page loaded (including chunks loaded after the first paint), with their raw
 * and gzipped sizes (as `next start` served them). Goal: at most 160 kB (KiB, see GOAL_GZIP_BYTES)
 * gzipped on every page (issue #13, item 10).
 *   --lang en|ja (default en)   --json   print the figures as JSON too
 *   --detail   also list each page's scripts, largest first (to find what makes a page heavy)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { startStack } from '../../local/stack.mjs';
import { freePort } from '../support/free-port.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// 160 kB read as 160 KiB: the issue's own figures (204–207 kB for these pages before the work,
// 149 kB for a bare Next 16 + React 19 page with the next-auth and react-query providers) match
// this script's only in KiB. Both units are printed.
const GOAL_GZIP_BYTES = 160 * 1024;
const { values } = parseArgs({ options: { lang: { type: 'string', default: 'en' }, json: { type: 'boolean', default: false }, detail: { type: 'boolean', default: false } } });

/** Who opens which page: the person's own pages as taro, the help desk's as sato. */
const PAGES = [
  { path: '/', as: 'taro' },
  { path: '/keys', as: 'taro' },
  { path: '/keys/rotate', as: 'taro' },
  { path: '/password', as: 'taro' },
  { path: '/mfa', as: 'taro' },
  { path: '/activity', as: 'taro' },
  { path: '/settings', as: 'taro' },
  { path: '/helpdesk', as: 'sato' },
  { path: '/helpdesk/taro', as: 'sato' },
  { path: '/helpdesk/audit', as: 'sato' },
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-bench-pages-'));
// localhost, not 127.0.0.1: the session cookie is tied to NEXTAUTH_URL's host name.
const origin = `http://localhost:${await freePort()}`;
const stack = await startStack({ portalOrigin: origin, iamPort: 0, idpPort: 0, databaseUrl: `file:${path.join(dir, 'kagi.db')}`, build: false, quiet: true });
const browser = await chromium.launch({
  executablePath: fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** @param {import('@playwright/test').Page} page @param {string} username */
async function signIn(page, username) {
  await page.goto(`${origin}/signin`);
  await page.getByRole('button', { name: /sign in|サインイン/i }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/interaction/'));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === origin);
}

/** @type {Array<{ path: string, scripts: number, raw: number, gzip: number, each: Array<{ url: string, raw: number, gzip: number }> }>} */
const results = [];
try {
  /** @type {Map<string, Awaited<ReturnType<import('@playwright/test').BrowserContext['storageState']>>>} */
  const sessions = new Map();
  const locale = values.lang === 'ja' ? 'ja-JP' : 'en-US';
  for (const { path: pagePath, as } of PAGES) {
    let storageState = sessions.get(as);
    if (!storageState) {
      const signingIn = await browser.newContext({ locale });
      await signIn(await signingIn.newPage(), as);
      storageState = await signingIn.storageState();
      sessions.set(as, storageState);
      await signingIn.close();
    }
    // A context of its own per page, so an empty cache: what someone opening this page first downloads.
    const context = await browser.newContext({ locale, storageState });
    const page = await context.newPage();
    /** @type {Map<string, { body: Buffer, served: number, encoding: string }>} */
    const scripts = new Map();
    /** @type {Promise<void>[]} */
    const reading = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      reading.push(
        Promise.all([res.body(), res.request().sizes()]).then(
          ([body, sizes]) => void scripts.set(res.url(), { body, served: sizes.responseBodySize, encoding: res.headers()['content-encoding'] ?? 'none' }),
          () => {},
        ),
      );
    });
    await page.goto(`${origin}${pagePath}`, { waitUntil: 'networkidle' });
    if (new URL(page.url()).pathname !== pagePath) throw new Error(`${pagePath} went to ${page.url()}`);
    await Promise.all(reading);
    // What the browser downloaded (next start gzips at zlib's default level); should a proxy
    // serve a script uncompressed, gzip it here at that level, so every figure means the same.
    const each = [...scripts].map(([url, s]) => ({
      url: new URL(url).pathname,
      raw: s.body.length,
      gzip: s.encoding === 'gzip' ? s.served : zlib.gzipSync(s.body).length,
    }));
    each.sort((a, b) => b.gzip - a.gzip);
    const raw = each.reduce((sum, s) => sum + s.raw, 0);
    const gzip = each.reduce((sum, s) => sum + s.gzip, 0);
    results.push({ path: pagePath, scripts: scripts.size, raw, gzip, each });
    await context.close();
  }
} finally {
  await browser.close();
  await stack.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

const kB = (/** @type {number} */ n) => `${(n / 1000).toFixed(1)} kB`;
const KiB = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`JavaScript per signed-in page (language ${values.lang}; gzipped as next start serves it; goal ≤ ${KiB(GOAL_GZIP_BYTES)} = ${GOAL_GZIP_BYTES} bytes)`);
console.log(`${'page'.padEnd(18)}${'scripts'.padStart(8)}${'raw'.padStart(12)}${'gzipped'.padStart(12)}${'gzipped'.padStart(13)}   goal`);
let allMet = true;
for (const r of results) {
  const met = r.gzip <= GOAL_GZIP_BYTES;
  allMet &&= met;
  console.log(`${r.path.padEnd(18)}${String(r.scripts).padStart(8)}${kB(r.raw).padStart(12)}${kB(r.gzip).padStart(12)}${KiB(r.gzip).padStart(13)}   ${met ? 'PASS' : 'MISS'}`);
  if (values.detail) for (const s of r.each) console.log(`    ${s.url.padEnd(44)}${kB(s.raw).padStart(12)}${kB(s.gzip).padStart(12)}`);
}
console.log(allMet ? 'every page within the goal' : 'some pages over the goal');
if (values.json) console.log(JSON.stringify(results.map(({ each, ...r }) => (values.detail ? { ...r, each } : r))));
