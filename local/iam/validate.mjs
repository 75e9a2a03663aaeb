// @ts-check
// Request input: form decoding and validation against the botocore model
// constraints (committed as constraints.json; see tools/extract-constraints.mjs).
import { readFileSync } from 'node:fs';
import { IamError, errors } from './faults.mjs';

/**
 * @typedef {{ type: string, required?: boolean, min?: number, max?: number, pattern?: string,
 *   enum?: string[], sensitive?: boolean, member?: Shape, members?: Record<string, Shape> }} Shape
 * @typedef {{ input: Record<string, Shape>, errors: string[] }} OperationConstraints
 * @typedef {{ version: string, xmlNamespace: string, operations: Record<string, OperationConstraints>,
 *   allOperations: string[] }} ServiceConstraints
 */

/** @type {{ iam: ServiceConstraints, sts: ServiceConstraints }} */
export const constraints = JSON.parse(readFileSync(new URL('./constraints.json', import.meta.url), 'utf8'));

/**
 * Decodes an application/x-www-form-urlencoded body. `+` and `%20` both mean
 * space (botocore sends `+`, the JS SDK `%20`). The first occurrence of a key wins.
 * @param {string} text
 * @returns {Map<string, string>}
 */
export function parseForm(text) {
  /** @type {Map<string, string>} */
  const params = new Map();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1));
    if (!params.has(key)) params.set(key, value);
  }
  return params;
}

/** @param {string} s */
function decodeComponent(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new IamError('MalformedQueryString', 'The query string contains a syntax error (invalid percent-encoding).', 400);
  }
}

/** @type {Map<string, RegExp>} */
const patternCache = new Map();

/**
 * Model patterns are Java regexes matched against the whole value.
 * @param {string} pattern
 */
function compilePattern(pattern) {
  let re = patternCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u'); // \p{L} etc. need the u flag
    } catch {
      re = new RegExp(`^(?:${pattern})$`);
    }
    patternCache.set(pattern, re);
  }
  return re;
}

/** `UserName` → `userName`, as AWS names members in validation messages. */
const lowerCamel = (/** @type {string} */ s) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Gathers the members of a query list: `Name=` is an empty list,
 * `Name.member.N[.Field]` are its items (1-based; order by N).
 * @param {Map<string, string>} params
 * @param {string} prefix
 * @param {Shape} memberShape
 * @returns {unknown[] | undefined}
 */
function readList(params, prefix, memberShape) {
  /** @type {Map<number, any>} */
  const items = new Map();
  const head = `${prefix}.member.`;
  for (const [key, value] of params) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf('.');
    const n = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(n) || n < 1) continue;
    if (memberShape.type === 'structure') {
      if (dot < 0) continue;
      const field = rest.slice(dot + 1);
      if (!memberShape.members?.[field]) continue;
      const item = items.get(n) ?? {};
      item[field] = value;
      items.set(n, item);
    } else if (dot < 0) {
      items.set(n, value);
    }
  }
  if (items.size === 0) return params.has(prefix) ? [] : undefined;
  return [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/**
 * @param {unknown} value
 * @param {Shape} shape
 */
function render(value, shape) {
  if (shape.type === 'list' && Array.isArray(value)) {
    const inner = value.map((v) => (typeof v === 'object' && v ? `{${Object.entries(v).map(([k, x]) => `${lowerCamel(k)}=${x}`).join(', ')}}` : String(v)));
    return `[${inner.join(', ')}]`;
  }
  return String(value);
}

/**
 * Checks one value against its shape; pushes AWS-style messages onto `out`.
 * Returns the value converted to its JS type.
 * @param {unknown} value raw (string, list or structure) or undefined
 * @param {Shape} shape
 * @param {string} path lowerCamel member path, e.g. `tags.1.member.key`
 * @param {string[]} out
 * @returns {any}
 */
function check(value, shape, path, out) {
  if (value === undefined) {
    if (shape.required) out.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  const shown = shape.sensitive ? `Value at '${path}'` : `Value '${render(value, shape)}' at '${path}'`;
  /** @param {string} what */
  const fail = (what) => out.push(`${shown} failed to satisfy constraint: ${what}`);

  switch (shape.type) {
    case 'string': {
      const s = /** @type {string} */ (value);
      if (shape.min !== undefined && s.length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && s.length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
      if (shape.pattern !== undefined && !compilePattern(shape.pattern).test(s)) {
        fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (shape.enum && !shape.enum.includes(s)) fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      return s;
    }
    case 'integer': {
      const s = String(value).trim();
      if (!/^[+-]?\d{1,10}$/.test(s)) {
        fail('Member must be a valid integer');
        return undefined;
      }
      const n = Number(s);
      if (shape.min !== undefined && n < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
      return n;
    }
    case 'boolean': {
      const s = String(value).trim().toLowerCase();
      if (s !== 'true' && s !== 'false') {
        fail('Member must be a boolean (true or false)');
        return undefined;
      }
      return s === 'true';
    }
    case 'list': {
      const items = /** @type {unknown[]} */ (value);
      if (shape.min !== undefined && items.length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && items.length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
      const member = /** @type {Shape} */ (shape.member);
      return items.map((item, i) => /** @type {unknown} */ (check(item, member, `${path}.${i + 1}.member`, out)));
    }
    case 'structure': {
      const obj = /** @type {Record<string, unknown>} */ (value);
      /** @type {Record<string, unknown>} */
      const result = {};
      for (const [name, m] of Object.entries(shape.members ?? {})) {
        const v = check(obj[name], m, `${path}.${lowerCamel(name)}`, out);
        if (v !== undefined) result[name] = v;
      }
      return result;
    }
    default:
      return value;
  }
}

/**
 * Builds the typed input of an operation from form params and validates it.
 * Unknown params are ignored, as AWS does.
 * @param {OperationConstraints} op
 * @param {Map<string, string>} params
 * @returns {Record<string, any>}
 */
export function readInput(op, params) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Record<string, any>} */
  const input = {};
  for (const [name, shape] of Object.entries(op.input)) {
    const raw = shape.type === 'list' ? readList(params, name, /** @type {Shape} */ (shape.member)) : params.get(name);
    const value = check(raw, shape, lowerCamel(name), problems);
    if (value !== undefined) input[name] = value;
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw errors.validation(`${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
  }
  return input;
}
