// @ts-check
/**
 * A load of signed-in people using the portal at once, each running a realistic mix of
 * list / create / toggle / delete on their own keys. Shared by `npm run bench:load` (full
 * size, prints figures) and the short CI check (tests/integration/portal/load-and-crash).
 */
import { performance } from 'node:perf_hooks';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { encode } from 'next-auth/jwt';

/**
 * @typedef {{ route: string, status: number, ms: number, instance: number, startedAt: number }} Sample
 * @typedef {{ samples: Sample[], mutations: number, networkErrors: number }} LoadResult
 */

/**
 * @param {import('@aws-sdk/client-iam').IAMClient} admin
 * @param {number} count
 * @param {string} prefix
 */
export async function createLoadUsers(admin, count, prefix) {
  const names = [];
  for (let i = 0; i < count; i++) {
    const userName = `${prefix}${String(i).padStart(4, '0')}`;
    await admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
    names.push(userName);
  }
  return names;
}

/** @param {string} secret @param {string} userName */
export async function sessionCookie(secret, userName) {
  const now = Math.floor(Date.now() / 1000);
  const token = await encode({
    secret,
    maxAge: 8 * 3600,
    token: { sub: userName, name: userName, iamUserName: userName, roles: ['user'], authTime: now, signedInAt: now },
  });
  return `next-auth.session-token=${token}`;
}

/**
 * Runs `users.length` virtual people for `durationMs`. Each loop: list; then by turns create a
 * key, toggle one, or (with two) deactivate-and-delete one, depending on what the person has.
 * With several `instances` (base URLs of portal instances on one database), person i uses
 * instance i mod n, as a load balancer would spread them; `origin` stays the one origin
 * people use (NEXTAUTH_URL), sent as Origin on mutations.
 * @param {{ origin: string, instances?: string[], secret: string, users: string[], durationMs: number }} options
 * @returns {Promise<LoadResult>}
 */
export async function runLoad({ origin, instances = [origin], secret, users, durationMs }) {
  /** @type {Sample[]} */
  const samples = [];
  let mutations = 0;
  let networkErrors = 0;
  const deadline = Date.now() + durationMs;

  /** @param {number} instance @param {string} route @param {string} cookie @param {string} path @param {RequestInit} [init] */
  async function call(instance, route, cookie, path, init = {}) {
    const started = performance.now();
    const startedAt = Date.now();
    try {
      const res = await fetch(`${instances[instance]}${path}`, {
        ...init,
        headers: { cookie, origin, 'content-type': 'application/json', ...(init.headers ?? {}) },
      });
      const body = res.status === 204 ? null : await res.json().catch(() => null);
      samples.push({ route, status: res.status, ms: performance.now() - started, instance, startedAt });
      return { status: res.status, body };
    } catch {
      networkErrors++;
      // An instance down (killed by a crash test) refuses at once; do not spin on it.
      await new Promise((r) => setTimeout(r, 100));
      return { status: 0, body: null };
    } finally {
      if (init.method && init.method !== 'GET') mutations++;
    }
  }

  await Promise.all(
    users.map(async (userName, index) => {
      const cookie = await sessionCookie(secret, userName);
      const instance = index % instances.length;
      let turn = index;
      while (Date.now() < deadline) {
        const list = await call(instance, 'GET /api/me/access-keys', cookie, '/api/me/access-keys');
        /** @type {Array<{ accessKeyId: string, status: string }>} */
        const keys = list.body?.keys ?? [];
        const choice = turn++ % 3;
        if (choice === 0 && keys.length < 2) {
          await call(instance, 'POST /api/me/access-keys', cookie, '/api/me/access-keys', { method: 'POST', body: '{}' });
        } else if (choice === 1 && keys[0]) {
          const status = keys[0].status === 'Active' ? 'Inactive' : 'Active';
          await call(instance, 'PATCH /api/me/access-keys/:id', cookie, `/api/me/access-keys/${keys[0].accessKeyId}`, {
            method: 'PATCH',
            body: JSON.stringify({ status }),
          });
        } else if (keys.length === 2) {
          // Rotation's last step: with both keys in use, retire one. A person thus keeps a key,
          // so the crash checks always have keys in IAM to match to their creation entries.
          const key = /** @type {{ accessKeyId: string, status: string }} */ (keys[keys.length - 1]);
          if (key.status === 'Active') {
            await call(instance, 'PATCH /api/me/access-keys/:id', cookie, `/api/me/access-keys/${key.accessKeyId}`, {
              method: 'PATCH',
              body: JSON.stringify({ status: 'Inactive' }),
            });
          }
          await call(instance, 'DELETE /api/me/access-keys/:id', cookie, `/api/me/access-keys/${key.accessKeyId}`, { method: 'DELETE' });
        }
      }
    }),
  );
  return { samples, mutations, networkErrors };
}

/** @param {number[]} values @param {number} p */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Per route: count, p50, p99 and status counts. @param {Sample[]} samples */
export function summarize(samples) {
  /** @type {Map<string, Sample[]>} */
  const byRoute = new Map();
  for (const s of samples) byRoute.set(s.route, [...(byRoute.get(s.route) ?? []), s]);
  return [...byRoute].map(([route, list]) => ({
    route,
    count: list.length,
    p50: percentile(list.map((s) => s.ms), 50),
    p99: percentile(list.map((s) => s.ms), 99),
    statuses: Object.fromEntries(
      [...new Set(list.map((s) => s.status))].sort().map((status) => [status, list.filter((s) => s.status === status).length]),
    ),
  }));
}
