// @ts-check
// CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed.
import { IamError, errors } from '../faults.mjs';
import { el, isoTime, list, raw } from '../xml.mjs';
import { pageTail, paginate, requireUser, targetUserResource, userResource } from './common.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */
/** @typedef {import('./common.mjs').ActionContext} ActionContext */

// The quota counts Active and Inactive keys alike.
const KEYS_PER_USER = 2;

/**
 * The key named by AccessKeyId, if it belongs to the target user.
 * @param {ActionContext} ctx
 */
function requireOwnKey(ctx) {
  const user = requireUser(ctx);
  const id = /** @type {string} */ (ctx.input.AccessKeyId);
  const key = ctx.store.keys.get(id);
  if (!key || key.UserId !== user.UserId) throw errors.noSuchKey(id);
  return { user, key };
}

/** @type {Record<string, ActionDef>} */
export const accessKeyActions = {
  CreateAccessKey: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      if (ctx.store.keysOf(user).length >= KEYS_PER_USER) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`, 409);
      }
      const key = ctx.store.addAccessKey(user);
      ctx.store.save();
      return el(
        'AccessKey',
        raw(
          el('UserName', user.UserName),
          el('AccessKeyId', key.AccessKeyId),
          el('Status', key.Status),
          el('SecretAccessKey', key.SecretAccessKey),
          el('CreateDate', isoTime(key.CreateDate, true)),
        ),
      );
    },
  },

  ListAccessKeys: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const p = paginate(ctx.store.keysOf(user), (k) => `${k.CreateDate}|${k.AccessKeyId}`, ctx.input);
      const members = list(
        'AccessKeyMetadata',
        p.page,
        (k) => el('UserName', user.UserName) + el('AccessKeyId', k.AccessKeyId) + el('Status', k.Status) + el('CreateDate', isoTime(k.CreateDate)),
      );
      return members + pageTail(p);
    },
  },

  UpdateAccessKey: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const { key } = requireOwnKey(ctx);
      key.Status = ctx.input.Status;
      ctx.store.save();
      return null;
    },
  },

  DeleteAccessKey: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const { key } = requireOwnKey(ctx);
      ctx.store.keys.delete(key.AccessKeyId);
      ctx.store.save();
      return null;
    },
  },

  GetAccessKeyLastUsed: {
    service: 'iam',
    // The resource is the key's owner. For an unknown key we check the
    // caller's own ARN, so a self-service policy gets NoSuchEntity back.
    resource(ctx) {
      const key = ctx.store.keys.get(ctx.input.AccessKeyId);
      const owner = key && ctx.store.getUserById(key.UserId);
      if (owner) return ctx.store.userArn(owner);
      return ctx.caller.kind === 'user' ? ctx.store.userArn(ctx.caller.user) : userResource(ctx, undefined);
    },
    handler(ctx) {
      const id = /** @type {string} */ (ctx.input.AccessKeyId);
      const key = ctx.store.keys.get(id);
      const owner = key && ctx.store.getUserById(key.UserId);
      if (!key || !owner) throw errors.noSuchKey(id);
      const used = key.LastUsed;
      const lastUsed = used
        ? el('LastUsedDate', isoTime(used.Date)) + el('ServiceName', used.ServiceName) + el('Region', used.Region)
        : el('ServiceName', 'N/A') + el('Region', 'N/A');
      return el('UserName', owner.UserName) + el('AccessKeyLastUsed', raw(lastUsed));
    },
  },
};
