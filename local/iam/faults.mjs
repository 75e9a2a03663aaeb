// @ts-check
// Errors with IAM's wire shape, and the fault-injection queue used by tests.

/** An error that becomes an <ErrorResponse>. */
export class IamError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {number} [status]
   */
  constructor(code, message, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
  get type() {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** Common constructors; messages follow real IAM where known. */
export const errors = {
  /** @param {string} name */
  noSuchUser: (name) => new IamError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404),
  /** @param {string} id */
  noSuchKey: (id) => new IamError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404),
  /** @param {string} name */
  noSuchLoginProfile: (name) => new IamError('NoSuchEntity', `Login Profile for User ${name} cannot be found.`, 404),
  /** @param {string} message */
  validation: (message) => new IamError('ValidationError', message, 400),
  /** @param {string} message */
  accessDenied: (message) => new IamError('AccessDenied', message, 403),
  passwordPolicy: () =>
    new IamError('PasswordPolicyViolation', 'Password does not conform to the account password policy.', 400),
  expiredToken: () => new IamError('ExpiredToken', 'The security token included in the request is expired', 403),
  invalidToken: () => new IamError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
  nonUserCaller: () =>
    new IamError('ValidationError', 'Must specify userName when calling with non-User credentials', 400),
};

/** Injected failures: what each `fault` name answers. */
/** @type {Record<string, {code: string, message: string, status: number}>} */
const FAULT_ERRORS = {
  Throttling: { code: 'Throttling', message: 'Rate exceeded', status: 400 },
  ServiceFailure: {
    code: 'ServiceFailure',
    message: 'Request processing has failed due to an unknown error, exception or failure.',
    status: 500,
  },
  ServiceUnavailable: { code: 'ServiceUnavailable', message: 'Service is unable to handle request.', status: 503 },
  // Modeled on several actions but with no documented trigger: reachable only here.
  EntityTemporarilyUnmodifiable: {
    code: 'EntityTemporarilyUnmodifiable',
    message: 'The entity cannot be modified right now. Try again later.',
    status: 409,
  },
  ConcurrentModification: {
    code: 'ConcurrentModification',
    message: 'The request was rejected because multiple requests to change this object were submitted simultaneously.',
    status: 409,
  },
  LimitExceeded: { code: 'LimitExceeded', message: 'The request was rejected because it attempted to exceed a limit.', status: 409 },
  // STS: the account has turned STS off in the signing region.
  RegionDisabled: {
    code: 'RegionDisabledException',
    message: 'STS is not activated in this region for account. Your account administrator can activate STS in this region using the IAM Console.',
    status: 403,
  },
};
// 'drop' closes the connection before the action runs; 'drop-after' runs it, then closes the
// connection unanswered: the change happened but the caller cannot know (a timeout's worst case).
export const FAULT_KINDS = [...Object.keys(FAULT_ERRORS), 'delay', 'drop', 'drop-after'];

/**
 * @typedef {{ action: string, count: number, fault: string, delayMs?: number, accountId?: string }} FaultSpec
 *   accountId: only calls whose caller is of that account take it (default: any)
 * @typedef {{ kind: 'error', error: IamError } | { kind: 'delay', ms: number } | { kind: 'drop' } | { kind: 'drop-after' }} FaultOutcome
 */

export class FaultQueue {
  constructor() {
    /** @type {FaultSpec[]} */
    this.pending = [];
  }

  /**
   * Validates a spec (from JSON or the JS handle) and queues it.
   * @param {unknown} spec
   */
  add(spec) {
    const s = /** @type {Record<string, unknown>} */ (spec ?? {});
    if (typeof s.action !== 'string' || !/^(\*|[A-Za-z]+)$/.test(s.action)) throw new TypeError('action must be an action name or "*"');
    const count = s.count === undefined ? 1 : s.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new TypeError('count must be a positive integer');
    if (typeof s.fault !== 'string' || !FAULT_KINDS.includes(s.fault)) throw new TypeError(`fault must be one of ${FAULT_KINDS.join(', ')}`);
    const delayMs = s.delayMs === undefined ? 1000 : s.delayMs;
    if (typeof delayMs !== 'number' || !(delayMs >= 0) || delayMs > 600_000) throw new TypeError('delayMs must be 0..600000');
    /** @type {FaultSpec} */
    const entry = { action: s.action, count, fault: s.fault };
    if (s.fault === 'delay') entry.delayMs = delayMs;
    if (s.accountId !== undefined) {
      if (typeof s.accountId !== 'string' || !/^\d{12}$/.test(s.accountId)) throw new TypeError('accountId must be a 12-digit account ID');
      entry.accountId = s.accountId;
    }
    this.pending.push(entry);
    return { ...entry };
  }

  clear() {
    this.pending = [];
  }

  list() {
    return this.pending.map((f) => ({ ...f }));
  }

  /**
   * Consumes one use of the first fault matching this action, if any.
   * @param {string} action
   * @param {string} [accountId] the caller's account
   * @returns {FaultOutcome | null}
   */
  take(action, accountId) {
    const i = this.pending.findIndex((f) => (f.action === action || f.action === '*') && (f.accountId === undefined || f.accountId === accountId));
    if (i < 0) return null;
    const f = /** @type {FaultSpec} */ (this.pending[i]);
    f.count -= 1;
    if (f.count <= 0) this.pending.splice(i, 1);
    if (f.fault === 'delay') return { kind: 'delay', ms: f.delayMs ?? 0 };
    if (f.fault === 'drop') return { kind: 'drop' };
    if (f.fault === 'drop-after') return { kind: 'drop-after' };
    const e = /** @type {{code: string, message: string, status: number}} */ (FAULT_ERRORS[f.fault]);
    return { kind: 'error', error: new IamError(e.code, e.message, e.status) };
  }
}
