// @ts-check
// Shared pieces of the action handlers: types, target-user lookup,
// pagination and the User serializer.
import { IamError, errors } from '../faults.mjs';
import { el, isoTime, list, raw } from '../xml.mjs';

/**
 * @typedef {import('../state.mjs').Store} Store
 * @typedef {import('../state.mjs').User} User
 * @typedef {import('../state.mjs').AccessKey} AccessKey
 * @typedef {import('../state.mjs').Tag} Tag
 * @typedef {import('../state.mjs').Role} Role
 * @typedef {import('../state.mjs').RoleSession} RoleSession
 * @typedef {{ kind: 'admin', store: Store } | { kind: 'user', user: User, key: AccessKey, store: Store }
 *   | { kind: 'session', session: RoleSession, role: Role, store: Store }} Caller
 *   session: temporary credentials of an assumed role; store: the caller's own account (for a
 *   session, its role's)
 * @typedef {{ store: Store, input: Record<string, any>, caller: Caller, accountId: string,
 *   signing: { service: string, region: string }, accounts?: import('../state.mjs').Accounts,
 *   setRecipient?: (accountId: string, resources?: Array<{ ARN: string, accountId: string, type: string }>) => void }} ActionContext
 *   store, accountId: the caller's account, where the action acts (but AssumeRole); accounts:
 *   every account of the endpoint; setRecipient: names the account whose resources the call
 *   acts on, for the trail (AssumeRole: the role's)
 * @typedef {{
 *   service: 'iam' | 'sts',
 *   callerDefault?: boolean,
 *   userOnly?: boolean,
 *   resource: (ctx: ActionContext) => string | null,
 *   requestContext?: (ctx: ActionContext) => import('../policy.mjs').Context,
 *   handler: (ctx: ActionContext) => string | null | Promise<string | null>,
 * }} ActionDef
 *   callerDefault: an omitted UserName means the calling IAM user.
 *   userOnly: only IAM users may call it (else InvalidUserType, before authorization).
 *   resource: ARN checked against the caller's policies; null = needs no permission.
 *   requestContext: the request's own condition keys (lower-case), e.g. aws:TagKeys.
 *   handler: returns the children of <XResult>, or null for actions without output.
 */

/**
 * ARN used for authorization of a user-scoped action: the user's real ARN
 * (with its path) when it exists, else the ARN it would have with path `/`.
 * @param {ActionContext} ctx
 * @param {string | undefined} name
 */
export function userResource(ctx, name) {
  if (name === undefined) return '*';
  const user = ctx.store.getUser(name);
  return user ? ctx.store.userArn(user) : `arn:aws:iam::${ctx.accountId}:user/${name}`;
}

/** @param {ActionContext} ctx */
export const targetUserResource = (ctx) => userResource(ctx, ctx.input.UserName);

/**
 * @param {ActionContext} ctx
 * @returns {User}
 */
export function requireUser(ctx) {
  const name = /** @type {string} */ (ctx.input.UserName);
  const user = ctx.store.getUser(name);
  if (!user) throw errors.noSuchUser(name);
  return user;
}

/**
 * Marker-based paging. The marker is the opaque encoding of the sort key of
 * the first item of the next page, so it survives inserts and deletes.
 * @template T
 * @param {T[]} items
 * @param {(item: T) => string} sortKey
 * @param {Record<string, any>} input Marker / MaxItems
 */
export function paginate(items, sortKey, input) {
  const sorted = items.map((item) => ({ item, key: sortKey(item) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let start = 0;
  if (input.Marker !== undefined) {
    const from = decodeMarker(input.Marker);
    start = sorted.findIndex((e) => e.key >= from);
    if (start < 0) start = sorted.length;
  }
  const max = input.MaxItems ?? 100;
  const page = sorted.slice(start, start + max);
  const next = sorted[start + max];
  return {
    page: page.map((e) => e.item),
    isTruncated: next !== undefined,
    marker: next === undefined ? undefined : Buffer.from(`m1:${next.key}`, 'latin1').toString('base64'),
  };
}

/** @param {string} marker */
function decodeMarker(marker) {
  const text = Buffer.from(marker, 'base64').toString('latin1');
  if (!text.startsWith('m1:')) throw new IamError('ValidationError', 'Invalid Marker.', 400);
  return text.slice(3);
}

/**
 * `<IsTruncated>` and `<Marker>` (the latter only when truncated).
 * @param {{ isTruncated: boolean, marker?: string }} p
 */
export const pageTail = (p) => el('IsTruncated', p.isTruncated) + el('Marker', p.marker);

/** @param {Tag[]} tags */
export const tagsXml = (tags) => list('Tags', tags, (t) => el('Key', t.Key) + el('Value', t.Value));

/**
 * The User structure. List calls leave out Tags and PermissionsBoundary.
 * @param {Store} store
 * @param {User} u
 * @param {{ full?: boolean, millis?: boolean }} [opts]
 */
export function userXml(store, u, opts = {}) {
  let xml =
    el('Path', u.Path) +
    el('UserName', u.UserName) +
    el('UserId', u.UserId) +
    el('Arn', store.userArn(u)) +
    el('CreateDate', isoTime(u.CreateDate, opts.millis)) +
    el('PasswordLastUsed', u.PasswordLastUsed && isoTime(u.PasswordLastUsed));
  if (opts.full) {
    if (u.PermissionsBoundary) {
      xml += el(
        'PermissionsBoundary',
        raw(el('PermissionsBoundaryType', 'PermissionsBoundaryPolicy'), el('PermissionsBoundaryArn', u.PermissionsBoundary)),
      );
    }
    if (u.Tags.length > 0) xml += tagsXml(u.Tags);
  }
  return xml;
}

/**
 * The tag condition keys of a request that sets tags (`aws:RequestTag/<key>`, `aws:TagKeys`)
 * or removes them (`aws:TagKeys` only).
 * @param {{ tags?: Tag[], keys?: string[] }} request
 * @returns {import('../policy.mjs').Context}
 */
export function tagRequestContext({ tags, keys }) {
  /** @type {import('../policy.mjs').Context} */
  const context = { 'aws:tagkeys': keys ?? (tags ?? []).map((t) => t.Key) };
  for (const t of tags ?? []) context[`aws:requesttag/${t.Key.toLowerCase()}`] = t.Value;
  return context;
}

/**
 * Rejects duplicate keys inside one request (keys compare case-insensitively).
 * @param {Tag[]} tags
 */
export function assertUniqueTagKeys(tags) {
  const seen = new Set();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw new IamError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
    seen.add(k);
  }
}
