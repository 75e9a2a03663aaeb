// @ts-check
// Inline identity-policy documents: syntax checks for PutUserPolicy and
// evaluation (explicit Deny > Allow > implicit deny) for authorization.
import { IamError } from './faults.mjs';

/**
 * @typedef {{ action: string, resource: string, context: Record<string, string | string[]> }} RequestContext
 *   context keys are lower-case (`aws:username`, …); multi-valued keys (`aws:tagkeys`) are arrays
 * @typedef {'allow' | 'deny' | 'none'} Decision
 */

/** @param {string} message */
const malformed = (message) => new IamError('MalformedPolicyDocument', message, 400);

/** @param {unknown} v */
const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Throws MalformedPolicyDocument unless `text` is a usable identity policy.
 * Messages are IAM's where known.
 * @param {string} text
 */
export function assertValidPolicy(text) {
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
    if (st.Principal !== undefined || st.NotPrincipal !== undefined) throw malformed('Policy document should not specify a principal.');
    if ((st.Action === undefined) === (st.NotAction === undefined)) throw malformed('Policy statement must contain actions.');
    if ((st.Resource === undefined) === (st.NotResource === undefined)) throw malformed('Policy statement must contain resources.');
    for (const a of asList(st.Action ?? st.NotAction)) {
      if (typeof a !== 'string') throw malformed('Syntax errors in policy.');
      if (a !== '*' && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]*$/.test(a)) {
        throw malformed('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
      }
    }
    for (const r of asList(st.Resource ?? st.NotResource)) {
      if (typeof r !== 'string') throw malformed('Syntax errors in policy.');
    }
    if (st.Condition !== undefined && (typeof st.Condition !== 'object' || st.Condition === null || Array.isArray(st.Condition))) {
      throw malformed('Syntax errors in policy.');
    }
  }
}

/** @param {string} s */
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Compiles an IAM wildcard pattern (`*`, `?`, optional `${var}` substitution).
 * Returns null when it references a variable absent from the context (no match).
 * @param {string} pattern
 * @param {{ ignoreCase: boolean, context?: Record<string, string> }} opts
 */
function wildcard(pattern, opts) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = /** @type {string} */ (pattern[i]);
    if (opts.context && c === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i);
      if (end > 0) {
        const name = pattern.slice(i + 2, end).trim();
        i = end;
        if (name === '*' || name === '?' || name === '$') re += escapeRe(name);
        else {
          const value = opts.context[name.toLowerCase()];
          if (value === undefined) return null;
          re += escapeRe(value);
        }
        continue;
      }
    }
    re += c === '*' ? '.*' : c === '?' ? '.' : escapeRe(c);
  }
  return new RegExp(`^${re}$`, opts.ignoreCase ? 'is' : 's');
}

/**
 * @param {unknown} patterns
 * @param {string} value
 * @param {{ ignoreCase: boolean, context?: Record<string, string> }} opts
 */
function anyMatches(patterns, value, opts) {
  return asList(patterns).some((p) => typeof p === 'string' && (wildcard(p, opts)?.test(value) ?? false));
}

/**
 * One operator on one request value: true, false, or undefined for an operator we don't know.
 * @param {string} op operator without set prefix and IfExists
 * @param {string} actual
 * @param {string[]} values
 * @param {Record<string, string | string[]>} context
 * @returns {boolean | undefined}
 */
function operatorHolds(op, actual, values, context) {
  const vars = /** @type {Record<string, string>} */ (Object.fromEntries(Object.entries(context).filter(([, v]) => typeof v === 'string')));
  switch (op) {
    case 'StringEquals': return values.includes(actual);
    case 'StringNotEquals': return !values.includes(actual);
    case 'StringEqualsIgnoreCase': return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringNotEqualsIgnoreCase': return !values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringLike': return anyMatches(values, actual, { ignoreCase: false, context: vars });
    case 'StringNotLike': return !anyMatches(values, actual, { ignoreCase: false, context: vars });
    case 'Bool': return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    default: return undefined;
  }
}

/**
 * Condition support: String*, Bool and Null operators (with IfExists) on the request context
 * keys. A key may be multi-valued (an array, e.g. `aws:TagKeys`): `ForAllValues:` holds when
 * every value satisfies the operator (and when there are none, as in IAM), `ForAnyValue:` when
 * at least one does; without a prefix a multi-valued key is treated as ForAnyValue. Anything
 * else is "unknown": the statement then counts as not matching for Allow and as matching for
 * Deny, i.e. unknown conditions always fail closed.
 * @param {unknown} condition
 * @param {Record<string, string | string[]>} context
 * @returns {boolean | 'unknown'}
 */
function conditionHolds(condition, context) {
  if (condition === undefined) return true;
  if (!condition || typeof condition !== 'object') return 'unknown';
  let unknown = false;
  for (const [rawOp, block] of Object.entries(condition)) {
    const set = rawOp.startsWith('ForAllValues:') ? 'all' : rawOp.startsWith('ForAnyValue:') ? 'any' : null;
    const op0 = rawOp.replace(/^(ForAnyValue|ForAllValues):/, '');
    const ifExists = op0.endsWith('IfExists');
    const op = ifExists ? op0.slice(0, -'IfExists'.length) : op0;
    if (!block || typeof block !== 'object') return 'unknown';
    for (const [key, expected] of Object.entries(block)) {
      const raw = context[key.toLowerCase()];
      // An empty set of values is as good as none.
      const actual = Array.isArray(raw) ? (raw.length > 0 ? raw : undefined) : raw;
      const values = asList(expected).map(String);
      if (op === 'Null') {
        const wantNull = values[0] === 'true';
        if ((actual === undefined) !== wantNull) return false;
        continue;
      }
      const negated = /^String(Not)/.test(op);
      if (actual === undefined) {
        if (set === 'all') continue; // IAM: ForAllValues holds for an empty set
        if (set === 'any') return false;
        if (ifExists || negated) continue; // absent key: IfExists and negated operators hold
        if (!/^(String|Bool)/.test(op)) unknown = true;
        else return false;
        continue;
      }
      const results = (Array.isArray(actual) ? actual : [actual]).map((value) => operatorHolds(op, value, values, context));
      if (results.includes(undefined)) {
        unknown = true;
        continue;
      }
      const ok = set === 'all' ? results.every(Boolean) : results.some(Boolean);
      if (!ok) return false;
    }
  }
  return unknown ? 'unknown' : true;
}

/**
 * Evaluates identity policies for one request.
 * @param {string[]} documents policy JSON texts (already validated on Put)
 * @param {RequestContext} req
 * @returns {Decision}
 */
export function evaluate(documents, req) {
  let allowed = false;
  for (const text of documents) {
    /** @type {any} */
    let doc;
    try {
      doc = JSON.parse(text);
    } catch {
      continue; // stored documents were validated; be robust to hand-edited state files
    }
    // Policy variables exist only from version 2012-10-17 on, and only single-valued keys make them.
    const vars = doc?.Version === '2012-10-17'
      ? /** @type {Record<string, string>} */ (Object.fromEntries(Object.entries(req.context).filter(([, v]) => typeof v === 'string')))
      : undefined;
    for (const st of asList(doc?.Statement)) {
      if (!st || typeof st !== 'object') continue;
      const actionMatch = st.Action !== undefined
        ? anyMatches(st.Action, req.action, { ignoreCase: true })
        : st.NotAction !== undefined && !anyMatches(st.NotAction, req.action, { ignoreCase: true });
      if (!actionMatch) continue;
      const resourceMatch = st.Resource !== undefined
        ? anyMatches(st.Resource, req.resource, { ignoreCase: false, context: vars })
        : st.NotResource !== undefined && !anyMatches(st.NotResource, req.resource, { ignoreCase: false, context: vars });
      if (!resourceMatch) continue;
      const cond = conditionHolds(st.Condition, req.context);
      if (st.Effect === 'Deny' && cond !== false) return 'deny';
      if (st.Effect === 'Allow' && cond === true) allowed = true;
    }
  }
  return allowed ? 'allow' : 'none';
}
