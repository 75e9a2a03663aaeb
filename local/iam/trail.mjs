// @ts-check
// A local CloudTrail: one event per API call whose caller was identified (accepted, refused
// or failed), shaped like CloudTrail's records, for tests and the demo (GET /_local/trail).
import { sessionArn } from './authorize.mjs';
import { STS_NS } from './xml.mjs';

/**
 * @typedef {import('./actions/common.mjs').Caller} Caller
 * @typedef {{ ns: string, action?: string, caller?: Caller, input?: Record<string, any>,
 *   recipientAccountId?: string, resources?: Array<{ ARN: string, accountId: string, type: string }> }} Meta
 *   recipientAccountId: the account whose resources the call acted on (default: the caller's)
 * @typedef {{ type: 'Root' | 'IAMUser' | 'AssumedRole', principalId: string, arn: string,
 *   accountId: string, accessKeyId?: string, userName?: string,
 *   sessionContext?: { sessionIssuer: { type: 'Role', principalId: string, arn: string,
 *   accountId: string, userName: string }, attributes: { creationDate: string, mfaAuthenticated: 'false' },
 *   sourceIdentity?: string } }} UserIdentity
 * @typedef {{ eventTime: string, time: string, eventSource: string, eventName: string, action: string,
 *   requestParameters: Record<string, unknown> | null, errorCode?: string, userIdentity: UserIdentity,
 *   resources?: Array<{ ARN: string, accountId: string, type: string }>, recipientAccountId: string }} TrailEvent
 *   recipientAccountId: the account whose resources were acted on (AssumeRole: the role's);
 *   userIdentity.accountId: the caller's
 */

/** CloudTrail never records these in clear. */
const HIDDEN = new Set(['Password', 'NewPassword', 'OldPassword']);
const MAX_EVENTS = 10_000;

/** `UserName` → `userName`, as CloudTrail names request parameters. @param {string} s */
const lowerCamel = (s) => s.charAt(0).toLowerCase() + s.slice(1);

/** @param {unknown} value @returns {unknown} */
function camelDeep(value) {
  if (Array.isArray(value)) return value.map(camelDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [lowerCamel(k), camelDeep(v)]));
  return value;
}

export class Trail {
  constructor() {
    /** @type {TrailEvent[]} */
    this.events = [];
  }

  /** @returns {[]} */
  clear() {
    this.events = [];
    return [];
  }

  /**
   * @param {Meta} meta
   * @param {string | undefined} errorCode
   */
  record(meta, errorCode) {
    if (!meta.caller) return;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    /** @type {Record<string, unknown> | null} */
    let requestParameters = null;
    if (meta.input) {
      requestParameters = {};
      for (const [k, v] of Object.entries(meta.input)) {
        requestParameters[lowerCamel(k)] = HIDDEN.has(k) ? 'HIDDEN_DUE_TO_SECURITY_REASONS' : camelDeep(v);
      }
    }
    /** @type {TrailEvent} */
    const event = {
      eventTime: now,
      time: now,
      eventSource: meta.ns === STS_NS ? 'sts.amazonaws.com' : 'iam.amazonaws.com',
      eventName: meta.action ?? '',
      action: meta.action ?? '',
      requestParameters,
      userIdentity: this.identity(meta.caller),
      recipientAccountId: meta.recipientAccountId ?? meta.caller.store.accountId,
    };
    if (errorCode !== undefined) event.errorCode = errorCode;
    if (meta.resources) event.resources = meta.resources;
    this.events.push(event);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }

  /** @param {Caller} caller @returns {UserIdentity} */
  identity(caller) {
    const { store } = caller;
    const accountId = store.accountId;
    if (caller.kind === 'admin') return { type: 'Root', principalId: accountId, arn: `arn:aws:iam::${accountId}:root`, accountId };
    if (caller.kind === 'user') {
      const { user, key } = caller;
      return { type: 'IAMUser', principalId: user.UserId, arn: store.userArn(user), accountId, accessKeyId: key.AccessKeyId, userName: user.UserName };
    }
    const { session, role } = caller;
    /** @type {UserIdentity} */
    const identity = {
      type: 'AssumedRole',
      principalId: `${role.RoleId}:${session.RoleSessionName}`,
      arn: sessionArn(accountId, role.RoleName, session.RoleSessionName),
      accountId,
      accessKeyId: session.AccessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: role.RoleId, arn: store.roleArn(role), accountId, userName: role.RoleName },
        attributes: { creationDate: session.CreateDate, mfaAuthenticated: 'false' },
      },
    };
    if (session.SourceIdentity !== undefined && identity.sessionContext) identity.sessionContext.sourceIdentity = session.SourceIdentity;
    return identity;
  }
}
