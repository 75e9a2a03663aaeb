// @ts-check
// AWS Signature Version 4 verification for POST form requests (header auth only).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { IamError } from './faults.mjs';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SKEW_MS = 15 * 60 * 1000;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * @typedef {{ accessKeyId: string, date: string, region: string, service: string,
 *   signedHeaders: string[], signature: string, header: string }} ParsedAuth
 */

/** @param {string} message */
const incomplete = (message) => new IamError('IncompleteSignature', message, 400);
/** @param {string} [message] */
export const signatureMismatch = (message = SIGNATURE_MISMATCH) => new IamError('SignatureDoesNotMatch', message, 403);

/**
 * Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
 * Anything malformed is IncompleteSignature, as AWS answers.
 * @param {string} header
 * @param {string | undefined} amzDate
 * @returns {ParsedAuth}
 */
export function parseAuthorization(header, amzDate) {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'. Authorization=${header}`);
  }
  /** @type {Record<string, string>} */
  const fields = {};
  for (const part of trimmed.slice(space + 1).split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq < 0) throw incomplete(`'${p}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
    fields[p.slice(0, eq)] = p.slice(eq + 1);
  }
  const missing = [];
  if (!fields.Credential) missing.push("Authorization header requires 'Credential' parameter.");
  if (!fields.Signature) missing.push("Authorization header requires 'Signature' parameter.");
  if (!fields.SignedHeaders) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (!amzDate) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length) throw incomplete(`${missing.join(' ')} Authorization=${header}`);

  const credential = /** @type {string} */ (fields.Credential);
  const scope = credential.split('/');
  if (scope.length !== 5 || scope.some((s) => s === '')) {
    throw incomplete(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, date, region, service, terminator] = /** @type {[string, string, string, string, string]} */ (scope);
  if (terminator !== 'aws4_request') {
    throw signatureMismatch(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }
  if (!/^\d{8}T\d{6}Z$/.test(/** @type {string} */ (amzDate))) {
    throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  const headerDate = /** @type {string} */ (amzDate).slice(0, 8);
  if (date !== headerDate) {
    throw signatureMismatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${headerDate}', from '${amzDate}'.`,
    );
  }
  const signature = /** @type {string} */ (fields.Signature).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(signature)) throw signatureMismatch();
  const signedHeaders = /** @type {string} */ (fields.SignedHeaders).toLowerCase().split(';').filter(Boolean);
  // IAM requires `host` to be signed: otherwise a captured signature could be sent to
  // another endpoint. Checked before the signature, with IAM's code and words.
  if (!signedHeaders.includes('host')) {
    throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return { accessKeyId, date, region, service, signedHeaders, signature, header };
}

/** @param {string} s */
function encodeRfc3986(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** @param {string} s */
function safeDecode(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * @param {string} rawPath path as received (already encoded by the client)
 */
function canonicalPath(rawPath) {
  if (rawPath === '/' || rawPath === '') return '/';
  // Non-S3 services encode the (already encoded) path a second time.
  return rawPath.split('/').map(encodeRfc3986).join('/');
}

/** @param {string} rawQuery */
function canonicalQuery(rawQuery) {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const k = eq < 0 ? pair : pair.slice(0, eq);
      const v = eq < 0 ? '' : pair.slice(eq + 1);
      return /** @type {[string, string]} */ ([encodeRfc3986(safeDecode(k)), encodeRfc3986(safeDecode(v))]);
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** @param {string | Buffer} data */
const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');

// Deriving the key costs four HMACs; the same secret signs many requests a day.
/** @type {Map<string, Buffer>} */
const keyCache = new Map();

/**
 * @param {string} secret
 * @param {string} date
 * @param {string} region
 * @param {string} service
 */
function signingKey(secret, date, region, service) {
  const id = `${secret}\0${date}\0${region}\0${service}`;
  let key = keyCache.get(id);
  if (!key) {
    const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createHmac('sha256', kService).update('aws4_request').digest();
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/**
 * @param {{ method: string, rawPath: string, rawQuery: string,
 *   headers: Record<string, string[] | undefined>, body: Buffer, auth: ParsedAuth,
 *   amzDate: string, secret: string }} req
 * @returns {boolean}
 */
export function signatureMatches(req) {
  const { auth } = req;
  const canonicalHeaders = auth.signedHeaders
    .map((h) => {
      const values = req.headers[h] ?? [];
      return `${h}:${values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`;
    })
    .join('');
  const canonicalRequest = [
    req.method,
    canonicalPath(req.rawPath),
    canonicalQuery(req.rawQuery),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    sha256Hex(req.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${req.amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const expected = createHmac('sha256', signingKey(req.secret, auth.date, auth.region, auth.service))
    .update(stringToSign)
    .digest();
  return timingSafeEqual(expected, Buffer.from(auth.signature, 'hex'));
}

/** @param {Date} d */
const basicIso = (d) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * Rejects requests signed more than 15 minutes away from the server clock.
 * @param {string} amzDate YYYYMMDDTHHMMSSZ
 * @param {number} now epoch ms
 */
export function checkClockSkew(amzDate, now) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  const [y, mo, d, h, mi, s] = (m ?? []).slice(1).map(Number);
  const t = m ? Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) : NaN;
  if (Number.isNaN(t)) throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  const nowIso = basicIso(new Date(now));
  if (t < now - SKEW_MS) {
    throw signatureMismatch(`Signature expired: ${amzDate} is now earlier than ${basicIso(new Date(now - SKEW_MS))} (${nowIso} - 15 min.)`);
  }
  if (t > now + SKEW_MS) {
    throw signatureMismatch(`Signature not yet current: ${amzDate} is still later than ${basicIso(new Date(now + SKEW_MS))} (${nowIso} + 15 min.)`);
  }
}
