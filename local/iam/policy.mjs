// @ts-check
// Policy documents: syntax checks (identity policies for Put*Policy, trust policies for
// CreateRole / UpdateAssumeRolePolicy) and evaluation (explicit Deny > Allow > implicit deny),
// with policy variables and IAM's condition operators.
import { IamError } from './faults.mjs';

/**
 * @typedef {string | string[]} ContextValue  a single- or multi-valued condition key
 * @typedef {Record<string, ContextValue>} Context  keys lower-case (`aws:username`, `aws:principaltag/team`…)
 * @typedef {{ action: string, resource: string, context: Context }} RequestContext
 * @typedef {'allow' | 'deny' | 'none'} Decision
 */

/** @param {string} message */
const malformed = (message) => new IamError('MalformedPolicyDocument', message, 400);

/** @param {unknown} v */
const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Throws MalformedPolicyDocument unless `text` is a usable policy of that kind. Identity
 * policies name no principal; trust policies (a role's AssumeRolePolicyDocument) must, and
 * name no resource. Messages are IAM's where known.
 * @param {string} text
 * @param {'identity' | 'trust'} [kind]
 */
export function assertValidPolicy(text, kind = 'identity') {
  /** @type {any} */
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('Syntax errors in policy.');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformed('Syntax errors in policy.');
  if (doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
    throw malformed('The policy must contain a valid version string');
  }
  if (doc.Statement === undefined) throw malformed('Missing required field Statement');
  const statements = asList(doc.Statement);
  if (statements.length === 0) throw malformed('Syntax errors in policy.');
  for (const st of statements) {
    if (!st || typeof st !== 'object' || Array.isArray(st)) throw malformed('Syntax errors in policy.');
    if (st.Effect === undefined) throw malformed('Missing required field Effect');
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw malformed(`Invalid effect: ${String(st.Effect)}`);
    if ((st.Action === undefined) === (st.NotAction === undefined)) throw malformed('Policy statement must contain actions.');
    if (kind === 'identity') {
      if (st.Principal !== undefined || st.NotPrincipal !== undefined) throw malformed('Policy document should not specify a principal.');
      if ((st.Resource === undefined) === (st.NotResource === undefined)) throw malformed('Policy statement must contain resources.');
    } else {
      if (st.Resource !== undefined || st.NotResource !== undefined) throw malformed('Has prohibited field Resource');
      if (st.Principal === undefined && st.NotPrincipal === undefined) throw malformed('Missing required field Principal');
      assertValidPrincipal(st.Principal ?? st.NotPrincipal);
    }
    for (const a of asList(st.Action ?? st.NotAction)) {
      if (typeof a !== 'string') throw malformed('Syntax errors in policy.');
      if (a !== '*' && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]*$/.test(a)) {
        throw malformed('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
      }
    }
    for (const r of asList(st.Resource ?? st.NotResource)) {
      if (typeof r !== 'string') throw malformed('Syntax errors in policy.');
    }
    if (st.Condition !== undefined) assertValidCondition(st.Condition);
  }
}

/** @param {unknown} principal */
function assertValidPrincipal(principal) {
  if (principal === '*') return;
  if (!principal || typeof principal !== 'object' || Array.isArray(principal)) throw malformed('Invalid principal in policy');
  for (const [type, values] of Object.entries(principal)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) throw malformed(`Invalid principal in policy: "${type}"`);
    for (const v of asList(values)) {
      if (typeof v !== 'string' || v === '') throw malformed('Invalid principal in policy');
      if (type === 'AWS' && v !== '*' && !/^\d{12}$/.test(v) && !/^arn:aws:(iam|sts)::\d{12}:\S+$/.test(v)) {
        throw malformed(`Invalid principal in policy: "AWS":"${v}"`);
      }
    }
  }
}

/** @param {unknown} condition */
function assertValidCondition(condition) {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) throw malformed('Syntax errors in policy.');
  for (const block of Object.values(condition)) {
    if (!block || typeof block !== 'object' || Array.isArray(block)) throw malformed('Syntax errors in policy.');
    for (const values of Object.values(block)) {
      for (const v of asList(values)) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw malformed('Syntax errors in policy.');
      }
    }
  }
}

/** @param {string} s */
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Single-valued context value, or undefined when absent or multi-valued. @param {Context} context @param {string} name */
function singleValue(context, name) {
  const v = context[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Replaces `${key}` (and `${key, 'default'}`) with the request's value of that key; `${*}`,
 * `${?}` and `${$}` are the literal characters. Returns null when a variable has no
 * single value and no default: the text then matches nothing, as in IAM.
 * @param {string} text
 * @param {Context} context
 * @param {(literal: string) => string} quote how literal text is kept (escaped for a regex)
 * @param {(value: string) => string} [quoteValue] how a variable's value is kept
 */
function substitute(text, context, quote, quoteValue = quote) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    const end = start < 0 ? -1 : text.indexOf('}', start);
    if (start < 0 || end < 0) {
      out += quote(text.slice(i));
      break;
    }
    out += quote(text.slice(i, start));
    const inner = text.slice(start + 2, end).trim();
    i = end + 1;
    if (inner === '*' || inner === '?' || inner === '$') {
      out += quoteValue(inner);
      continue;
    }
    const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(inner);
    const value = m ? (singleValue(context, /** @type {string} */ (m[1])) ?? m[2]) : undefined;
    if (value === undefined) return null;
    out += quoteValue(value);
  }
  return out;
}

/**
 * Compiles an IAM wildcard pattern (`*`, `?`; `${var}` substituted when `context` is given).
 * Returns null when it references a variable absent from the context (no match).
 * @param {string} pattern
 * @param {{ ignoreCase: boolean, context?: Context, wildcards?: boolean }} opts
 */
function compile(pattern, opts) {
  const wild = opts.wildcards !== false;
  const literal = (/** @type {string} */ s) =>
    [...s].map((c) => (wild && c === '*' ? '.*' : wild && c === '?' ? '.' : escapeRe(c))).join('');
  const re = opts.context ? substitute(pattern, opts.context, literal, escapeRe) : literal(pattern);
  return re === null ? null : new RegExp(`^${re}$`, opts.ignoreCase ? 'is' : 's');
}

/**
 * @param {unknown} patterns
 * @param {string} value
 * @param {{ ignoreCase: boolean, context?: Context }} opts
 */
function anyMatches(patterns, value, opts) {
  return asList(patterns).some((p) => typeof p === 'string' && (compile(p, opts)?.test(value) ?? false));
}

/** ISO 8601 or epoch seconds → ms; NaN when neither. @param {string} s */
function toTime(s) {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  return Date.parse(s);
}

/** `arn:partition:service:region:account:resource`: ArnLike matches each part on its own. @param {string} s */
function arnParts(s) {
  const parts = s.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return null;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * One comparison of a request value against one policy value (variables already applied to
 * the policy value where the operator takes them). Undefined: the operator is not supported.
 * @param {string} base operator without qualifiers, IfExists and Not, e.g. `StringLike`
 * @param {string} actual
 * @param {string} expected
 * @param {Context} context
 * @returns {boolean | undefined}
 */
function compare(base, actual, expected, context) {
  switch (base) {
    case 'StringEquals': {
      const e = substitute(expected, context, (s) => s);
      return e !== null && actual === e;
    }
    case 'StringEqualsIgnoreCase': {
      const e = substitute(expected, context, (s) => s);
      return e !== null && actual.toLowerCase() === e.toLowerCase();
    }
    case 'StringLike':
      return compile(expected, { ignoreCase: false, context })?.test(actual) ?? false;
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals': {
      const numeric = base.startsWith('Numeric');
      const a = numeric ? Number(actual) : toTime(actual);
      const e = numeric ? Number(expected) : toTime(expected);
      if (Number.isNaN(a) || Number.isNaN(e) || actual.trim() === '' || expected.trim() === '') return false;
      const op = base.replace(/^(Numeric|Date)/, '');
      return op === 'Equals' ? a === e : op === 'LessThan' ? a < e : op === 'LessThanEquals' ? a <= e : op === 'GreaterThan' ? a > e : a >= e;
    }
    case 'Bool':
      return actual.toLowerCase() === expected.toLowerCase();
    case 'ArnEquals':
    case 'ArnLike': {
      const a = arnParts(actual);
      const e = substitute(expected, context, (s) => s);
      const ep = e === null ? null : arnParts(e);
      if (!a || !ep) return false;
      return ep.every((part, i) => compile(part, { ignoreCase: false })?.test(/** @type {string} */ (a[i])) ?? false);
    }
    default:
      return undefined;
  }
}

/** Operators with a negated form (`StringNotEquals`…); Bool and Null have none. */
const NEGATABLE = /^(String(Equals|EqualsIgnoreCase|Like)|Numeric(Equals)|Date(Equals)|Arn(Equals|Like))$/;

/**
 * One operator block's test for one key. IAM's rules:
 * - several policy values for a key: any of them may match (for a negated operator: none may);
 * - a key absent from the request: false, except for negated operators (true), `…IfExists`
 *   (true) and `Null`;
 * - `ForAnyValue:`: at least one request value matches; absent → false;
 * - `ForAllValues:`: every request value matches; absent or empty → true;
 * - without a qualifier a multi-valued key is taken as "any value matches".
 * @param {string} rawOp e.g. `ForAllValues:StringLikeIfExists`
 * @param {string} key
 * @param {unknown} expectedRaw
 * @param {Context} context
 * @returns {boolean | 'unknown'}
 */
export function conditionKeyHolds(rawOp, key, expectedRaw, context) {
  const qualifier = /^(ForAnyValue|ForAllValues):/.exec(rawOp)?.[1];
  let op = qualifier ? rawOp.slice(qualifier.length + 1) : rawOp;
  const ifExists = op.endsWith('IfExists') && op !== 'IfExists';
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const expected = asList(expectedRaw).map(String);
  const actualRaw = context[key.toLowerCase()];
  const actual = actualRaw === undefined ? [] : asList(actualRaw);

  if (op === 'Null') {
    const present = actualRaw !== undefined && actual.length > 0;
    return expected.some((v) => v.toLowerCase() === (present ? 'false' : 'true'));
  }
  const negated = /^(String|Numeric|Date|Arn)Not/.test(op);
  const base = negated ? op.replace(/^(String|Numeric|Date|Arn)Not/, '$1') : op;
  if (negated && !NEGATABLE.test(base)) return 'unknown';
  if (compare(base, 'x', 'x', context) === undefined) return 'unknown';

  /** @param {string} value */
  const matchesAny = (value) => expected.some((e) => compare(base, value, e, context) === true);
  /** @param {string} value */
  const holdsFor = (value) => (negated ? !matchesAny(value) : matchesAny(value));

  if (qualifier === 'ForAllValues') return actual.every(holdsFor);
  if (actual.length === 0) return qualifier === 'ForAnyValue' ? false : ifExists || negated;
  if (qualifier === 'ForAnyValue') return actual.some(holdsFor);
  return negated ? actual.every(holdsFor) : actual.some(holdsFor);
}

/**
 * A statement's Condition: every operator block and every key in it must hold. An operator
 * the endpoint doesn't know makes it 'unknown': the statement then doesn't apply if it
 * allows, and does if it denies, i.e. unknown conditions always fail closed.
 * @param {unknown} condition
 * @param {Context} context
 * @returns {boolean | 'unknown'}
 */
export function conditionHolds(condition, context) {
  if (condition === undefined) return true;
  if (!condition || typeof condition !== 'object') return 'unknown';
  let unknown = false;
  for (const [op, block] of Object.entries(condition)) {
    if (!block || typeof block !== 'object') return 'unknown';
    for (const [key, expected] of Object.entries(block)) {
      const holds = conditionKeyHolds(op, key, expected, context);
      if (holds === false) return false;
      if (holds === 'unknown') unknown = true;
    }
  }
  return unknown ? 'unknown' : true;
}

/**
 * Whether a trust policy's Principal names the caller: `*`, the caller's account (its ID or
 * `:root` ARN) or one of the caller's ARNs. `account` says it was by account only: then the
 * caller's own identity policy must allow the action too.
 * @param {unknown} principal
 * @param {{ arns: string[], accountId: string }} caller
 * @returns {'specific' | 'account' | null}
 */
function principalMatch(principal, caller) {
  if (principal === '*') return 'specific';
  if (!principal || typeof principal !== 'object') return null;
  let found = /** @type {'specific' | 'account' | null} */ (null);
  for (const v of asList(/** @type {Record<string, unknown>} */ (principal).AWS)) {
    if (v === '*' || caller.arns.includes(String(v))) return 'specific';
    if (v === caller.accountId || v === `arn:aws:iam::${caller.accountId}:root`) found = 'account';
  }
  return found;
}

/**
 * Evaluates policy documents for one request.
 * @param {string[]} documents policy JSON texts (already validated on Put)
 * @param {RequestContext} req
 * @param {{ arns: string[], accountId: string }} [caller] for trust policies: who is asking
 * @returns {Decision | 'allow-by-account'} 'allow-by-account': a trust policy allows the
 *   caller's whole account only
 */
export function evaluate(documents, req, caller) {
  /** @type {Decision | 'allow-by-account'} */
  let result = 'none';
  for (const text of documents) {
    /** @type {any} */
    let doc;
    try {
      doc = JSON.parse(text);
    } catch {
      continue; // stored documents were validated; be robust to hand-edited state files
    }
    // Policy variables exist only from version 2012-10-17 on.
    const vars = doc?.Version === '2012-10-17' ? req.context : undefined;
    for (const st of asList(doc?.Statement)) {
      if (!st || typeof st !== 'object') continue;
      const actionMatch = st.Action !== undefined
        ? anyMatches(st.Action, req.action, { ignoreCase: true })
        : st.NotAction !== undefined && !anyMatches(st.NotAction, req.action, { ignoreCase: true });
      if (!actionMatch) continue;
      /** @type {'specific' | 'account' | null} */
      let by = 'specific';
      if (caller) {
        by = st.Principal !== undefined ? principalMatch(st.Principal, caller) : null; // NotPrincipal: never matches here
        if (!by) continue;
      } else {
        const resourceMatch = st.Resource !== undefined
          ? anyMatches(st.Resource, req.resource, { ignoreCase: false, context: vars })
          : st.NotResource !== undefined && !anyMatches(st.NotResource, req.resource, { ignoreCase: false, context: vars });
        if (!resourceMatch) continue;
      }
      const cond = conditionHolds(st.Condition, req.context);
      if (st.Effect === 'Deny' && cond !== false) return 'deny';
      if (st.Effect === 'Allow' && cond === true) {
        if (by === 'specific') result = 'allow';
        else if (result !== 'allow') result = 'allow-by-account';
      }
    }
  }
  return result;
}

