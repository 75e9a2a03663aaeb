// @ts-check
// In-memory IAM state with optional JSON persistence (atomic tmp + rename
// after every mutation). Passwords appear only as scrypt hashes.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * @typedef {{ Key: string, Value: string }} Tag
 * @typedef {{ CreateDate: string, PasswordResetRequired: boolean, hash: string,
 *   history: string[], PasswordChangedAt: string }} LoginProfile
 *   history: newest first, includes the current hash
 * @typedef {{ SerialNumber: string, EnableDate: string }} MfaDevice
 *   a device assigned to a user: a virtual one, or a seeded security key or hardware token
 * @typedef {{ SerialNumber: string, Path: string, Name: string, Seed: string, Tags: Tag[],
 *   CreateDate: string, UserId?: string, EnableDate?: string, DriftSteps: number }} VirtualMfaDevice
 *   Seed: the base32 TOTP seed, kept like secret access keys; UserId: set while assigned;
 *   DriftSteps: how many 30-second steps the device's clock runs ahead (learnt on enable/resync)
 * @typedef {{ UserName: string, UserId: string, Path: string, CreateDate: string, Tags: Tag[],
 *   Policies: Record<string, string>, PermissionsBoundary?: string, PasswordLastUsed?: string,
 *   LoginProfile?: LoginProfile, MFADevices: MfaDevice[] }} User
 * @typedef {{ Date: string, ServiceName: string, Region: string }} LastUsed
 * @typedef {{ AccessKeyId: string, SecretAccessKey: string, UserId: string,
 *   Status: 'Active' | 'Inactive', CreateDate: string, LastUsed?: LastUsed }} AccessKey
 * @typedef {import('./passwords.mjs').PasswordPolicy} PasswordPolicy
 * @typedef {{ RoleName: string, RoleId: string, Path: string, CreateDate: string,
 *   AssumeRolePolicyDocument: string, Description?: string, MaxSessionDuration: number,
 *   Tags: Tag[], Policies: Record<string, string> }} Role
 * @typedef {{ AccessKeyId: string, SecretAccessKey: string, SessionToken: string,
 *   Expiration: number, RoleId: string, RoleSessionName: string, SourceIdentity?: string,
 *   Tags: Tag[], TransitiveTagKeys: string[], Policy?: string, CreateDate: string,
 *   chained: boolean }} RoleSession
 *   temporary credentials from sts:AssumeRole; Expiration in epoch ms; kept in memory only
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** @param {number} n */
function base32(n) {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += BASE32[b % 32];
  return s;
}

/** Access key IDs look like AWS's: AKIA + 16 base32 characters. */
export const newAccessKeyId = () => `AKIA${base32(16)}`;
/** 40 chars of [A-Za-z0-9+/], like AWS secrets (30 random bytes in base64). */
export const newSecretAccessKey = () => randomBytes(30).toString('base64');
/** AWS user IDs: AIDA + 17 characters. */
export const newUserId = () => `AIDA${base32(17)}`;
/** Role IDs: AROA + 17 characters. */
export const newRoleId = () => `AROA${base32(17)}`;
/** Temporary (STS) access key IDs: ASIA + 16 base32 characters. */
export const newSessionKeyId = () => `ASIA${base32(16)}`;
/** An opaque session token (real ones are several hundred base64 characters). */
export const newSessionToken = () => `IQoJb3JpZ2luX2Vj${randomBytes(192).toString('base64')}`;

export class Store {
  /**
   * @param {{ accountId: string, stateFile?: string, onSave?: () => void }} options
   *   onSave: persists instead of stateFile (an {@link Accounts} set keeps all its accounts in one file)
   */
  constructor({ accountId, stateFile, onSave }) {
    this.accountId = accountId;
    this.stateFile = stateFile;
    this.onSave = onSave;
    /** Whether an access key ID is in use (an {@link Accounts} set checks every account). @type {(id: string) => boolean} */
    this.idTaken = (id) => this.keys.has(id) || this.sessions.has(id);
    /** @type {Map<string, User>} keyed by lower-case name: names are unique case-insensitively */
    this.users = new Map();
    /** @type {Map<string, AccessKey>} */
    this.keys = new Map();
    /** @type {PasswordPolicy | null} */
    this.passwordPolicy = null;
    /** @type {Map<string, Role>} keyed by lower-case name, like users */
    this.roles = new Map();
    /** @type {Map<string, RoleSession>} by temporary access key ID; never persisted */
    this.sessions = new Map();
    /**
     * Tests only (POST /_local/sessions): sessions issued from now on last at most this
     * many seconds, whatever DurationSeconds asked for, so expiry can be seen in seconds.
     * @type {number | undefined}
     */
    this.sessionLifetimeCapSeconds = undefined;
    /** @type {Map<string, VirtualMfaDevice>} by serial number */
    this.virtualMfa = new Map();
    if (stateFile) this.load(stateFile);
  }

  /** @param {string} file */
  load(file) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') return;
      throw e;
    }
    this.loadData(JSON.parse(text));
  }

  /**
   * Takes one account's part of a state file.
   * @param {Record<string, any>} data
   */
  loadData(data) {
    for (const u of data.users ?? []) {
      this.users.set(u.UserName.toLowerCase(), { Tags: [], Policies: {}, MFADevices: [], ...u });
    }
    for (const k of data.accessKeys ?? []) this.keys.set(k.AccessKeyId, k);
    this.passwordPolicy = data.passwordPolicy ?? null;
    for (const r of data.roles ?? []) this.roles.set(r.RoleName.toLowerCase(), { Tags: [], Policies: {}, ...r });
    for (const d of data.virtualMfaDevices ?? []) this.virtualMfa.set(d.SerialNumber, d);
  }

  /** Writes the state file, if any. Call after every mutation. */
  save() {
    if (this.onSave) return this.onSave();
    if (!this.stateFile) return;
    writeState(this.stateFile, { format: 'local-iam-state/1', ...this.toData() });
  }

  /** This account's part of a state file (everything but role sessions). */
  toData() {
    return {
      accountId: this.accountId,
      users: [...this.users.values()],
      accessKeys: [...this.keys.values()],
      passwordPolicy: this.passwordPolicy,
      roles: [...this.roles.values()],
      virtualMfaDevices: [...this.virtualMfa.values()],
    };
  }

  /** @param {string} name case-insensitive */
  getUser(name) {
    return this.users.get(name.toLowerCase());
  }

  /** @param {string} userId */
  getUserById(userId) {
    for (const u of this.users.values()) if (u.UserId === userId) return u;
    return undefined;
  }

  /** @param {User} user */
  userArn(user) {
    return `arn:aws:iam::${this.accountId}:user${user.Path}${user.UserName}`;
  }

  /** @param {string} name case-insensitive */
  getRole(name) {
    return this.roles.get(name.toLowerCase());
  }

  /** @param {string} roleId */
  getRoleById(roleId) {
    for (const r of this.roles.values()) if (r.RoleId === roleId) return r;
    return undefined;
  }

  /** @param {Role} role */
  roleArn(role) {
    return `arn:aws:iam::${this.accountId}:role${role.Path}${role.RoleName}`;
  }

  /**
   * Keeps a new session, dropping those that expired over an hour ago (still known for a
   * while, so that using one answers ExpiredToken rather than InvalidClientTokenId).
   * @param {RoleSession} session
   * @param {number} now
   */
  addSession(session, now) {
    for (const [id, s] of this.sessions) if (s.Expiration < now - 3_600_000) this.sessions.delete(id);
    this.sessions.set(session.AccessKeyId, session);
  }

  /** @param {User} user */
  keysOf(user) {
    return [...this.keys.values()].filter((k) => k.UserId === user.UserId);
  }

  /**
   * @param {{ UserName: string, Path: string, Tags: Tag[], PermissionsBoundary?: string }} init
   * @returns {User}
   */
  addUser(init) {
    /** @type {User} */
    const user = {
      UserName: init.UserName,
      UserId: newUserId(),
      Path: init.Path,
      CreateDate: new Date().toISOString(),
      Tags: init.Tags,
      Policies: {},
      MFADevices: [],
    };
    if (init.PermissionsBoundary) user.PermissionsBoundary = init.PermissionsBoundary;
    this.users.set(user.UserName.toLowerCase(), user);
    return user;
  }

  /** @param {User} user */
  addAccessKey(user) {
    let id = newAccessKeyId();
    while (this.idTaken(id)) id = newAccessKeyId();
    /** @type {AccessKey} */
    const key = {
      AccessKeyId: id,
      SecretAccessKey: newSecretAccessKey(),
      UserId: user.UserId,
      Status: 'Active',
      CreateDate: new Date().toISOString(),
    };
    this.keys.set(id, key);
    return key;
  }

  /**
   * Records that a key signed an accepted request. LastUsedDate has minute
   * precision, so the file is rewritten at most once a minute per key.
   * @param {AccessKey} key
   * @param {string} service
   * @param {string} region
   * @param {number} now
   */
  touchKey(key, service, region, now) {
    const minute = new Date(Math.floor(now / 60000) * 60000).toISOString();
    const prev = key.LastUsed;
    if (prev && prev.Date === minute && prev.ServiceName === service && prev.Region === region) return;
    key.LastUsed = { Date: minute, ServiceName: service, Region: region };
    this.save();
  }
}

/**
 * Writes a state file atomically (tmp + rename), mode 0600.
 * @param {string} file
 * @param {unknown} data
 */
function writeState(file, data) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Several accounts on one endpoint: a {@link Store} each, all persisted to one state file. The
 * first account's state stays at the file's top level, as in a single-account file (so such a
 * file still loads, into the first account); the others' go under `accounts`, one object each
 * with its `accountId`. Accounts in the file that this endpoint does not serve are kept as
 * they are.
 */
export class Accounts {
  /**
   * @param {{ accountIds: string[], stateFile?: string }} options first account first
   */
  constructor({ accountIds, stateFile }) {
    this.stateFile = stateFile;
    /** @type {Map<string, Store>} in order, the first account first */
    this.byId = new Map();
    for (const accountId of accountIds) {
      const store = new Store({ accountId, onSave: () => this.save() });
      store.idTaken = (id) => this.keyIdTaken(id);
      this.byId.set(accountId, store);
    }
    /** @type {Store} */
    this.first = /** @type {Store} */ (this.byId.get(/** @type {string} */ (accountIds[0])));
    /** @type {Record<string, any>[]} accounts found in the state file that are not served here */
    this.unserved = [];
    if (stateFile) this.load(stateFile);
  }

  /** @param {string} file */
  load(file) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') return;
      throw e;
    }
    const data = JSON.parse(text);
    this.first.loadData(data);
    for (const part of data.accounts ?? []) {
      const store = this.byId.get(String(part?.accountId));
      if (store && store !== this.first) store.loadData(part);
      else if (!store) this.unserved.push(part);
    }
  }

  /** Writes every account's state, if there is a state file. */
  save() {
    if (!this.stateFile) return;
    const extra = [...this.byId.values()].filter((s) => s !== this.first).map((s) => s.toData());
    /** @type {Record<string, unknown>} */
    const data = { format: 'local-iam-state/1', ...this.first.toData() };
    if (extra.length > 0 || this.unserved.length > 0) data.accounts = [...extra, ...this.unserved];
    writeState(this.stateFile, data);
  }

  /** @param {string} accountId */
  get(accountId) {
    return this.byId.get(accountId);
  }

  all() {
    return [...this.byId.values()];
  }

  /**
   * The long-term access key with this ID, and the account it belongs to.
   * @param {string} accessKeyId
   */
  findKey(accessKeyId) {
    for (const store of this.byId.values()) {
      const key = store.keys.get(accessKeyId);
      if (key) return { store, key };
    }
    return undefined;
  }

  /**
   * The role session with this temporary key ID, and the account of its role.
   * @param {string} accessKeyId
   */
  findSession(accessKeyId) {
    for (const store of this.byId.values()) {
      const session = store.sessions.get(accessKeyId);
      if (session) return { store, session };
    }
    return undefined;
  }

  /** Whether any account already uses this access key ID (long-term or temporary). @param {string} id */
  keyIdTaken(id) {
    return [...this.byId.values()].some((s) => s.keys.has(id) || s.sessions.has(id));
  }
}
