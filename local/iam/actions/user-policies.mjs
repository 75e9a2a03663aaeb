// @ts-check
// PutUserPolicy, GetUserPolicy, ListUserPolicies, DeleteUserPolicy (inline policies).
import { IamError } from '../faults.mjs';
import { assertValidPolicy } from '../policy.mjs';
import { el, escapeXml, list } from '../xml.mjs';
import { pageTail, paginate, requireUser, targetUserResource } from './common.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */

// IAM quota: the inline policies of one user total at most 2048 characters,
// not counting white space.
const INLINE_POLICY_CHARS = 2048;

/** @param {string} name */
const noSuchPolicy = (name) => new IamError('NoSuchEntity', `The user policy with name ${name} cannot be found.`, 404);

/** @type {Record<string, ActionDef>} */
export const userPolicyActions = {
  PutUserPolicy: {
    service: 'iam',
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const { PolicyName: name, PolicyDocument: doc } = ctx.input;
      assertValidPolicy(doc);
      const next = { ...user.Policies, [name]: doc };
      const size = Object.values(next).reduce((n, d) => n + d.replace(/\s/g, '').length, 0);
      if (size > INLINE_POLICY_CHARS) {
        throw new IamError('LimitExceeded', `Maximum policy size of ${INLINE_POLICY_CHARS} bytes exceeded for user ${user.UserName}`, 409);
      }
      user.Policies = next;
      ctx.store.save();
      return null;
    },
  },

  GetUserPolicy: {
    service: 'iam',
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const name = /** @type {string} */ (ctx.input.PolicyName);
      const doc = user.Policies[name];
      if (doc === undefined) throw noSuchPolicy(name);
      // Real IAM returns the document URL-encoded (RFC 3986); the CLI decodes it.
      return el('UserName', user.UserName) + el('PolicyName', name) + el('PolicyDocument', encodeURIComponent(doc));
    },
  },

  ListUserPolicies: {
    service: 'iam',
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const p = paginate(Object.keys(user.Policies), (n) => n, ctx.input);
      return list('PolicyNames', p.page, escapeXml) + pageTail(p);
    },
  },

  DeleteUserPolicy: {
    service: 'iam',
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const name = /** @type {string} */ (ctx.input.PolicyName);
      if (user.Policies[name] === undefined) throw noSuchPolicy(name);
      delete user.Policies[name];
      ctx.store.save();
      return null;
    },
  },
};
