// @ts-check
// Local stand-in for the AWS IAM Query API (and STS GetCallerIdentity).
// HTTP, routing and the response envelope live here; see README.md.
import fs from 'node:fs';
import { createServer } from 'node:http';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { iamActions, stsActions } from './actions/index.mjs';
import { authorize } from './authorize.mjs';
import { FaultQueue, IamError, errors } from './faults.mjs';
import { checkClockSkew, parseAuthorization, signatureMatches, signatureMismatch } from './sigv4.mjs';
import { Accounts } from './state.mjs';
import { Trail } from './trail.mjs';
import { constraints, parseForm, readInput } from './validate.mjs';
import { IAM_NS, STS_NS, errorXml, successXml } from './xml.mjs';

/** Documented local-only defaults; never valid against real AWS. */
export const DEFAULT_ADMIN_ACCESS_KEY_ID = 'AKIAKAGILOCALADMIN00';
export const DEFAULT_ADMIN_SECRET_ACCESS_KEY = 'kagiLocalAdminSecretForDevelopmentOnly00';

/**
 * The documented local admin key of the account at `index` (0 = the first): AKIAKAGILOCALADMIN00 /
 * kagiLocalAdminSecretForDevelopmentOnly00, then …01 / …01, and so on.
 * @param {number} index
 */
export const defaultAdminKey = (index) => {
  const n = String(index).padStart(2, '0');
  return { adminAccessKeyId: `AKIAKAGILOCALADMIN${n}`, adminSecretAccessKey: `kagiLocalAdminSecretForDevelopmentOnly${n}` };
};

const MAX_BODY_BYTES = 1024 * 1024;
const VERSIONS = /** @type {const} */ ({ '2010-05-08': 'iam', '2011-06-15': 'sts' });

/**
 * @typedef {{ accountId: string, adminAccessKeyId?: string, adminSecretAccessKey?: string }} AccountSpec
 * @typedef {{ accountId: string, adminAccessKeyId: string, adminSecretAccessKey: string }} AccountInfo
 * @typedef {{ port?: number, host?: string, stateFile?: string, accountId?: string,
 *   accounts?: Array<string | AccountSpec>,
 *   adminAccessKeyId?: string, adminSecretAccessKey?: string, quiet?: boolean,
 *   secretJournal?: string, stsRegion?: string }} LocalIamOptions
 *   accounts: more accounts served by the same endpoint, after the first (`accountId`); each
 *   has its own admin key, by default AKIAKAGILOCALADMIN01 / kagiLocalAdminSecretForDevelopmentOnly01
 *   for the second, …02 for the third and so on
 *   stsRegion: the region of the regional STS endpoint this one stands in for (besides
 *   us-east-1, the global endpoint's): `LOCAL_IAM_STS_REGION`, else '*', every region
 * @typedef {import('./faults.mjs').FaultSpec} FaultSpec
 * @typedef {import('./actions/common.mjs').Caller} Caller
 * @typedef {import('./trail.mjs').Meta} Meta
 * @typedef {import('./trail.mjs').TrailEvent} TrailEvent
 * @typedef {{ url: string, port: number, accountId: string, adminAccessKeyId: string,
 *   adminSecretAccessKey: string, accounts: AccountInfo[], close(): Promise<void>,
 *   injectFault(spec: { action: string, count?: number, fault: string, delayMs?: number, accountId?: string }): FaultSpec,
 *   clearFaults(): void, listFaults(): FaultSpec[], requestCount(action?: string, accountId?: string): number,
 *   seedMfaDevice(userName: string, serialNumber?: string, accountId?: string): void,
 *   trail(filter?: { accountId?: string, callerAccountId?: string }): TrailEvent[] }} LocalIamHandle
 *   accountId and the admin key: the first account's; accounts: every account, the first first.
 *   seedMfaDevice assigns a device IAM's API cannot register (a security key `…:u2f/…`, a
 *   hardware token `GAHT…`), in the first account unless `accountId` names another.
 *   requestCount(action, accountId): signed requests of callers of that account only.
 *   injectFault with accountId: only calls of callers of that account take it.
 *   trail: the trail's events (oldest first), those whose recipientAccountId is `accountId`
 *   and/or whose caller's account (userIdentity.accountId) is `callerAccountId`.
 */

/**
 * @param {LocalIamOptions} [options]
 * @returns {Promise<LocalIamHandle>}
 */
export async function startLocalIam(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    stateFile,
    accountId = '123456789012',
    adminAccessKeyId = process.env.LOCAL_IAM_ADMIN_ACCESS_KEY_ID || DEFAULT_ADMIN_ACCESS_KEY_ID,
    adminSecretAccessKey = process.env.LOCAL_IAM_ADMIN_SECRET_ACCESS_KEY || DEFAULT_ADMIN_SECRET_ACCESS_KEY,
    quiet = true,
    // Tests only: every secret key issued and password received is appended here, so a leak
    // test can look for them in the portal's logs and database. Never use it with real data.
    secretJournal,
    stsRegion = process.env.LOCAL_IAM_STS_REGION || '*',
  } = options;
  /** @type {AccountInfo[]} every account served here, the first first */
  const accountList = [{ accountId, adminAccessKeyId, adminSecretAccessKey }];
  for (const spec of options.accounts ?? []) {
    const s = typeof spec === 'string' ? { accountId: spec } : spec;
    if (!s || typeof s.accountId !== 'string' || !/^\d{12}$/.test(s.accountId)) throw new TypeError(`an account ID is 12 digits: ${JSON.stringify(spec)}`);
    if (accountList.some((a) => a.accountId === s.accountId)) continue; // named twice (or the first again)
    const defaults = defaultAdminKey(accountList.length);
    accountList.push({
      accountId: s.accountId,
      adminAccessKeyId: s.adminAccessKeyId ?? defaults.adminAccessKeyId,
      adminSecretAccessKey: s.adminSecretAccessKey ?? defaults.adminSecretAccessKey,
    });
  }
  const adminKeys = new Set(accountList.map((a) => a.adminAccessKeyId));
  if (adminKeys.size !== accountList.length) throw new TypeError('each account needs its own admin access key ID');
  // IAM is global: its one endpoint takes only requests signed for us-east-1. STS answers at
  // the global endpoint (us-east-1) and at a regional one per region, each signed for its own.
  const stsRegions = new Set(['us-east-1', stsRegion]);
  const AWS_REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
  // '*': this endpoint stands in for every regional STS endpoint (each accepts its own region),
  // so a key used "from" another region (the e2e tests' last-use region) is signed for it.
  const signingRegions = {
    iam: new Set(['us-east-1']),
    sts: { has: (/** @type {string} */ region) => stsRegions.has(region) || (stsRegion === '*' && AWS_REGION_NAME.test(region)) },
  };
  /** @param {unknown[]} values */
  const journal = (values) => {
    const lines = values.filter((v) => typeof v === 'string' && v.length > 0).map((v) => `${JSON.stringify(v)}\n`);
    if (secretJournal && lines.length > 0) fs.appendFileSync(secretJournal, lines.join(''));
  };

  const accounts = new Accounts({ accountIds: accountList.map((a) => a.accountId), stateFile });
  const store = accounts.first;
  /** @param {string | undefined} id @returns {import('./state.mjs').Store} */
  const accountStore = (id) => {
    const found = id === undefined ? store : accounts.get(id);
    if (!found) throw new Error(`no account ${id} on this endpoint`);
    return found;
  };
  const faults = new FaultQueue();
  /** @type {Map<string, number>} signed requests per action */
  const counts = new Map();
  /** @type {Map<string, Map<string, number>>} signed requests per caller's account, per action */
  const accountCounts = new Map(accountList.map((a) => [a.accountId, new Map()]));
  // Handlers run one at a time: password actions await scrypt, and nothing
  // may change the state between their checks and their writes.
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve();
  /**
   * @template T
   * @param {() => T | Promise<T>} fn
   * @returns {Promise<T>}
   */
  const exclusive = (fn) => {
    const run = queue.then(fn);
    queue = run.catch(() => {});
    return run;
  };

  /** @param {string} given @param {string} expected */
  const sameSecret = (given, expected) => {
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  /** Any account's admin secret opens /_local/*. @param {string | undefined} given */
  const isAdminSecret = (given) => typeof given === 'string' && accountList.some((a) => sameSecret(given, a.adminSecretAccessKey));
  const trail = new Trail();

  /**
   * Makes an access key, or a user's console password, look `days` old: IAM has no way to
   * back-date, and rotation and expiry states can only be seen on old credentials.
   * @param {{ accessKeyId?: unknown, userName?: unknown, days?: unknown, accountId?: unknown }} spec
   *   accountId: the user's account (default: the first); a key is found in any account
   */
  const backdate = ({ accessKeyId, userName, days, accountId: inAccount }) => {
    if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) throw new Error('days must be a number >= 0');
    const when = new Date(Date.now() - days * 86_400_000).toISOString();
    if (typeof accessKeyId === 'string') {
      const key = accounts.findKey(accessKeyId)?.key;
      if (!key) throw new Error(`no access key ${accessKeyId}`);
      key.CreateDate = when;
    } else if (typeof userName === 'string') {
      const profile = accountStore(typeof inAccount === 'string' ? inAccount : undefined).getUser(userName)?.LoginProfile;
      if (!profile) throw new Error(`no console password for ${userName}`);
      profile.CreateDate = when;
      profile.PasswordChangedAt = when;
    } else {
      throw new Error('give accessKeyId or userName');
    }
    store.save();
    return { backdated: accessKeyId ?? userName, to: when };
  };

  /**
   * Tests only: `lifetimeCapSeconds` (a number ≥ 1, or null to lift it) caps how long sessions
   * issued from now on last; `expireNow: true` ends every live session at once (its next use
   * answers ExpiredToken). Real behaviour is untouched unless a test asks.
   * @param {{ lifetimeCapSeconds?: unknown, expireNow?: unknown }} [spec]
   */
  const sessionControls = (spec = {}) => {
    const { lifetimeCapSeconds: cap, expireNow } = spec;
    if (cap !== undefined) {
      if (cap !== null && (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 1)) throw new Error('lifetimeCapSeconds must be a whole number >= 1, or null');
      for (const s of accounts.all()) s.sessionLifetimeCapSeconds = cap ?? undefined;
    }
    const sessions = () => accounts.all().flatMap((s) => [...s.sessions.values()]);
    let expired = 0;
    if (expireNow === true) {
      const now = Date.now();
      for (const s of sessions()) {
        if (s.Expiration > now) {
          s.Expiration = now;
          expired++;
        }
      }
    } else if (expireNow !== undefined && expireNow !== false) throw new Error('expireNow must be true or false');
    const live = sessions().filter((s) => s.Expiration > Date.now()).length;
    return { lifetimeCapSeconds: store.sessionLifetimeCapSeconds ?? null, live, expired };
  };

  /**
   * Assigns a device IAM's API cannot register: a security key (`arn:…:u2f/…`) or a hardware token.
   * @param {string} userName
   * @param {string} [serialNumber]
   * @param {string} [inAccount] the user's account (default: the first)
   */
  const seedMfaDevice = (userName, serialNumber, inAccount) => {
    const target = accountStore(inAccount);
    const user = target.getUser(userName);
    if (!user) throw new Error(`no user ${userName}`);
    user.MFADevices.push({ SerialNumber: serialNumber ?? `arn:aws:iam::${target.accountId}:mfa/${user.UserName}`, EnableDate: new Date().toISOString() });
    target.save();
  };

  /**
   * The trail's events, optionally of one account (recipientAccountId) and/or of callers of one.
   * @param {{ accountId?: string, callerAccountId?: string }} [filter]
   */
  const trailEvents = (filter = {}) =>
    trail.events.filter(
      (e) =>
        (filter.accountId === undefined || e.recipientAccountId === filter.accountId) &&
        (filter.callerAccountId === undefined || e.userIdentity.accountId === filter.callerAccountId),
    );

  /**
   * Answers /_local/* (health and test controls), JSON except health.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} path
   * @param {Buffer} body
   */
  function handleLocal(req, res, path, body) {
    /** @param {number} status @param {unknown} data */
    const json = (status, data) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data) + '\n');
    };
    if (path === '/_local/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!['/_local/faults', '/_local/requests', '/_local/backdate', '/_local/trail', '/_local/sessions', '/_local/mfa-devices'].includes(path)) return json(404, { error: 'not found' });
    const secret = req.headers['x-local-iam-admin-secret'];
    if (!isAdminSecret(Array.isArray(secret) ? secret[0] : secret)) {
      return json(403, { error: 'missing or wrong x-local-iam-admin-secret header' });
    }
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    if (path === '/_local/requests' && req.method === 'GET') {
      const only = query.get('account');
      return json(200, Object.fromEntries((only ? accountCounts.get(only) : counts) ?? new Map()));
    }
    if (path === '/_local/trail') {
      if (req.method === 'GET') {
        return json(200, { events: trailEvents({ accountId: query.get('account') ?? undefined, callerAccountId: query.get('callerAccount') ?? undefined }) });
      }
      if (req.method === 'DELETE') return json(200, { events: trail.clear() });
      return json(405, { error: 'method not allowed' });
    }
    if (path === '/_local/sessions') {
      if (req.method === 'GET') return json(200, sessionControls());
      if (req.method !== 'POST') return json(405, { error: 'method not allowed' });
      try {
        return json(200, sessionControls(JSON.parse(body.toString('utf8'))));
      } catch (e) {
        return json(400, { error: e instanceof Error ? e.message : String(e) });
      }
    }
    if (path === '/_local/mfa-devices') {
      // Security keys and hardware tokens, which IAM's API cannot register (e2e tests list them).
      if (req.method !== 'POST') return json(405, { error: 'method not allowed' });
      try {
        const { userName, serialNumber, accountId: inAccount } = JSON.parse(body.toString('utf8'));
        if (typeof userName !== 'string' || typeof serialNumber !== 'string') throw new Error('give userName and serialNumber');
        if (inAccount !== undefined && typeof inAccount !== 'string') throw new Error('accountId must be a string');
        seedMfaDevice(userName, serialNumber, inAccount);
        return json(200, { seeded: serialNumber });
      } catch (e) {
        return json(400, { error: e instanceof Error ? e.message : String(e) });
      }
    }
    if (path === '/_local/backdate') {
      if (req.method !== 'POST') return json(405, { error: 'method not allowed' });
      try {
        return json(200, backdate(JSON.parse(body.toString('utf8'))));
      } catch (e) {
        return json(400, { error: e instanceof Error ? e.message : String(e) });
      }
    }
    if (req.method === 'GET') return json(200, { faults: faults.list() });
    if (req.method === 'DELETE') {
      faults.clear();
      return json(200, { faults: [] });
    }
    if (req.method === 'POST') {
      try {
        return json(200, { added: faults.add(JSON.parse(body.toString('utf8'))), faults: faults.list() });
      } catch (e) {
        return json(400, { error: e instanceof Error ? e.message : String(e) });
      }
    }
    return json(405, { error: 'method not allowed' });
  }

  /**
   * Everything from the raw request to the XML answer of one API call.
   * @param {import('node:http').IncomingMessage} req
   * @param {string} rawPath
   * @param {string} rawQuery
   * @param {Buffer} body
   * @param {string} requestId
   * @param {Meta} meta filled in as the request is understood
   * @returns {Promise<string | 'drop'>}
   */
  async function handleApi(req, rawPath, rawQuery, body, requestId, meta) {
    if (req.method !== 'POST') {
      throw new IamError('MethodNotAllowed', `The HTTP method ${req.method} is not supported: send POST / with a form-encoded body.`, 405);
    }
    // IAM reads only form bodies; anything else is a request without an Action.
    const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const params = mediaType === 'application/x-www-form-urlencoded' ? parseForm(body.toString('utf8')) : new Map();
    const action = params.get('Action');
    const version = params.get('Version');
    const versionService = version !== undefined && Object.hasOwn(VERSIONS, version) ? VERSIONS[/** @type {keyof VERSIONS} */ (version)] : undefined;
    meta.action = action;

    // --- authentication (SigV4) ---
    const authHeader = req.headers.authorization;
    if (!authHeader) throw new IamError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    const amzDateHeader = req.headers['x-amz-date'];
    const amzDate = Array.isArray(amzDateHeader) ? amzDateHeader[0] : amzDateHeader;
    const auth = parseAuthorization(authHeader, amzDate);
    const service = versionService ?? (auth.service === 'sts' ? 'sts' : 'iam');
    meta.ns = service === 'sts' ? STS_NS : IAM_NS;
    if (auth.service !== service) throw signatureMismatch(`Credential should be scoped to correct service: '${service}'. `);
    // As IAM answers a client that signed for its own region (403, SignatureDoesNotMatch).
    if (!signingRegions[service].has(auth.region)) throw signatureMismatch(`Credential should be scoped to a valid region, not '${auth.region}'. `);

    /** @type {Caller} */
    let caller;
    let secret;
    const tokenHeader = req.headers['x-amz-security-token'];
    const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
    const admin = token === undefined ? accountList.find((a) => a.adminAccessKeyId === auth.accessKeyId) : undefined;
    if (admin) {
      // Each account's admin key acts as that account's root.
      caller = { kind: 'admin', store: accountStore(admin.accountId) };
      secret = admin.adminSecretAccessKey;
    } else if (auth.accessKeyId.startsWith('ASIA')) {
      // Temporary credentials work only with their session token, and only until they expire.
      // They belong to the account of their role.
      const found = accounts.findSession(auth.accessKeyId);
      const session = found?.session;
      const role = session && found.store.getRoleById(session.RoleId);
      if (!found || !session || !role || token === undefined || !sameSecret(token, session.SessionToken)) throw errors.invalidToken();
      caller = { kind: 'session', session, role, store: found.store };
      if (Date.now() >= session.Expiration) {
        meta.caller = caller; // the trail shows whose session it was, as CloudTrail does
        throw errors.expiredToken();
      }
      secret = session.SecretAccessKey;
    } else {
      const found = token === undefined ? accounts.findKey(auth.accessKeyId) : undefined;
      const key = found?.key;
      const user = found && key && key.Status === 'Active' ? found.store.getUserById(key.UserId) : undefined;
      // Unknown, deleted and inactive keys are all refused the same way, as is a session
      // token sent with a long-term key.
      if (!found || !key || !user) throw errors.invalidToken();
      caller = { kind: 'user', user, key, store: found.store };
      secret = key.SecretAccessKey;
    }
    const ok = signatureMatches({
      method: req.method,
      rawPath,
      rawQuery,
      headers: /** @type {Record<string, string[] | undefined>} */ (req.headersDistinct),
      body,
      auth,
      amzDate: /** @type {string} */ (amzDate),
      secret,
    });
    if (!ok) throw signatureMismatch();
    meta.caller = caller;
    // A signed request acts in the caller's account.
    const home = caller.store;
    meta.recipientAccountId = home.accountId;
    const now = Date.now();
    checkClockSkew(/** @type {string} */ (amzDate), now);

    // --- accepted: count it and record the key's use ---
    counts.set(action ?? '', (counts.get(action ?? '') ?? 0) + 1);
    const perAccount = accountCounts.get(home.accountId);
    perAccount?.set(action ?? '', (perAccount.get(action ?? '') ?? 0) + 1);
    if (caller.kind === 'user') home.touchKey(caller.key, auth.service, auth.region, now);

    // --- routing ---
    if (action === undefined || action === '') throw new IamError('MissingAction', 'Missing Action', 400);
    if (!versionService) throw new IamError('InvalidAction', `Could not find operation ${action} for version ${version || 'NO_VERSION_SPECIFIED'}`, 400);
    const def = (versionService === 'sts' ? stsActions : iamActions)[action];
    const opConstraints = constraints[versionService].operations[action];
    if (!def || !opConstraints || !Object.hasOwn(versionService === 'sts' ? stsActions : iamActions, action)) {
      throw new IamError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);
    }

    // --- injected faults (tests) ---
    const fault = faults.take(action, home.accountId);
    if (fault?.kind === 'drop') return 'drop';
    if (fault?.kind === 'error') throw fault.error;
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));

    // --- input, caller defaults, authorization, then the action itself ---
    const input = readInput(opConstraints, params);
    meta.input = input;
    /** @type {import('./actions/common.mjs').ActionContext} */
    const ctx = {
      store: home,
      input,
      caller,
      accountId: home.accountId,
      signing: { service: auth.service, region: auth.region },
      accounts,
      setRecipient: (id, resources) => {
        meta.recipientAccountId = id;
        if (resources) meta.resources = resources;
      },
    };
    if (def.callerDefault && input.UserName === undefined) {
      if (caller.kind !== 'user') throw errors.nonUserCaller();
      input.UserName = caller.user.UserName;
    }
    if (def.userOnly && caller.kind !== 'user') {
      throw new IamError('InvalidUserType', 'Only IAM users can change their own password.', 400);
    }
    const result = await exclusive(async () => {
      authorize(ctx, action, def);
      return def.handler(ctx);
    });
    const xml = successXml(action, meta.ns, result, requestId);
    if (secretJournal) {
      const seed = /<Base32StringSeed>([^<]+)</.exec(xml)?.[1];
      journal([
        input.Password,
        input.NewPassword,
        input.OldPassword,
        /<SecretAccessKey>([^<]+)</.exec(xml)?.[1],
        /<SessionToken>([^<]+)</.exec(xml)?.[1],
        seed && Buffer.from(seed, 'base64').toString('ascii'),
        input.AuthenticationCode1,
        input.AuthenticationCode2,
      ]);
    }
    if (fault?.kind === 'drop-after') return 'drop';
    return xml;
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    const requestId = randomUUID();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);

    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => req.socket.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (rawPath.startsWith('/_local/')) {
        try {
          handleLocal(req, res, rawPath, body);
        } catch {
          res.destroy(); // never let a control request take the server down
        }
        return;
      }
      /** @type {Meta} */
      const meta = { ns: IAM_NS };
      /** @param {number} status @param {string} xml */
      const send = (status, xml) => {
        res.writeHead(status, {
          'content-type': 'text/xml',
          'x-amzn-requestid': requestId,
          'content-length': Buffer.byteLength(xml),
        });
        res.end(xml);
        if (meta.caller) trail.record(meta, status < 300 ? undefined : /<Code>([^<]*)</.exec(xml)?.[1]);
        if (!quiet) process.stderr.write(`local-iam ${meta.action ?? '-'} ${status} ${Date.now() - started}ms\n`);
      };
      const work = tooLarge
        ? Promise.reject(new IamError('RequestEntityTooLarge', `Request body must not exceed ${MAX_BODY_BYTES} bytes.`, 413))
        : handleApi(req, rawPath, rawQuery, body, requestId, meta);
      work.then(
        (xml) => {
          if (xml === 'drop') {
            req.socket.destroy();
            return;
          }
          send(200, xml);
        },
        (/** @type {unknown} */ err) => {
          let e = err;
          if (!(e instanceof IamError)) {
            process.stderr.write(`local-iam: unexpected error ${requestId}: ${err instanceof Error ? err.stack : String(err)}\n`);
            e = new IamError('ServiceFailure', 'Request processing has failed due to an unknown error, exception or failure.', 500);
          }
          const ie = /** @type {IamError} */ (e);
          send(ie.status, errorXml(meta.ns, ie.type, ie.code, ie.message, requestId));
        },
      );
    });
  });
  // Longer than a client leaves a kept-alive socket idle (as AWS's own endpoints do): at 5 s, a
  // client reusing a socket the moment the server closed it got "socket hang up" (seen in CI
  // when the AWS CLI took 5 s between two SDK calls). close() still ends idle sockets at once.
  server.keepAliveTimeout = 65_000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    accountId,
    adminAccessKeyId,
    adminSecretAccessKey,
    accounts: accountList.map((a) => ({ ...a })),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    injectFault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    listFaults: () => faults.list(),
    requestCount: (action, inAccount) => {
      const source = inAccount === undefined ? counts : accountCounts.get(inAccount) ?? new Map();
      return action === undefined ? [...source.values()].reduce((a, b) => a + b, 0) : source.get(action) ?? 0;
    },
    seedMfaDevice,
    trail: trailEvents,
  };
}
