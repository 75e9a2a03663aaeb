// @ts-check
// Password policy checks and salted scrypt hashing. Clear-text passwords
// exist only inside a request; state holds `scrypt$N$r$p$salt$hash` strings.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

/** Only these count as symbols for IAM (User Guide, "Setting an account password policy"). */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'".split(''));

/**
 * @typedef {{ MinimumPasswordLength: number, RequireSymbols: boolean, RequireNumbers: boolean,
 *   RequireUppercaseCharacters: boolean, RequireLowercaseCharacters: boolean,
 *   AllowUsersToChangePassword: boolean, MaxPasswordAge?: number,
 *   PasswordReusePrevention?: number, HardExpiry?: boolean }} PasswordPolicy
 */

/**
 * @param {string} password
 * @param {number} N
 * @param {number} r
 * @param {number} p
 * @param {Buffer} salt
 * @param {number} keyLen
 * @returns {Promise<Buffer>}
 */
function scryptAsync(password, N, r, p, salt, keyLen) {
  return new Promise((resolve, reject) => {
    // Async scrypt runs on the libuv pool, so other requests keep flowing.
    scrypt(password, salt, keyLen, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * @param {string} password
 * @returns {Promise<string>}
 */
export async function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, N, R, P, salt, KEY_LEN);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * @param {string} password
 * @param {string} stored
 * @returns {Promise<boolean>}
 */
export async function verifyPassword(password, stored) {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Number(n), Number(r), Number(p), Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}

/**
 * @param {string} password
 * @returns {{ upper: boolean, lower: boolean, number: boolean, symbol: boolean }}
 */
function classes(password) {
  const chars = password.split('');
  return {
    upper: chars.some((c) => c >= 'A' && c <= 'Z'),
    lower: chars.some((c) => c >= 'a' && c <= 'z'),
    number: chars.some((c) => c >= '0' && c <= '9'),
    symbol: chars.some((c) => SYMBOLS.has(c)),
  };
}

/**
 * True when the password satisfies the account policy, or AWS's default
 * policy when none is set (8+ chars, 3 of 4 classes, not the user name).
 * @param {string} password
 * @param {PasswordPolicy | null} policy
 * @param {string} userName
 */
export function meetsPolicy(password, policy, userName) {
  const c = classes(password);
  if (!policy) {
    const count = [c.upper, c.lower, c.number, c.symbol].filter(Boolean).length;
    return password.length >= 8 && count >= 3 && password.toLowerCase() !== userName.toLowerCase();
  }
  if (password.length < policy.MinimumPasswordLength) return false;
  if (policy.RequireSymbols && !c.symbol) return false;
  if (policy.RequireNumbers && !c.number) return false;
  if (policy.RequireUppercaseCharacters && !c.upper) return false;
  if (policy.RequireLowercaseCharacters && !c.lower) return false;
  return true;
}

/**
 * True when `password` matches one of the newest `count` stored hashes.
 * @param {string} password
 * @param {string[]} history newest first
 * @param {number} count
 */
export async function isReused(password, history, count) {
  const recent = history.slice(0, count);
  const results = await Promise.all(recent.map((h) => verifyPassword(password, h)));
  return results.some(Boolean);
}

/** Hashes kept per user: the largest PasswordReusePrevention IAM allows. */
export const HISTORY_LIMIT = 24;
