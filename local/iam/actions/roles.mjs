// @ts-check
// CreateRole, GetRole, DeleteRole, UpdateAssumeRolePolicy, and the role's inline policies:
// PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies.
import { IamError } from '../faults.mjs';
import { assertValidPolicy } from '../policy.mjs';
import { newRoleId } from '../state.mjs';
import { el, escapeXml, isoTime, list, raw } from '../xml.mjs';
import { assertUniqueTagKeys, pageTail, paginate, tagRequestContext, tagsXml } from './common.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */
/** @typedef {import('./common.mjs').ActionContext} ActionContext */
/** @typedef {import('../state.mjs').Role} Role */

// IAM quotas: 1000 roles per account; a role's inline policies total at most 10,240
// characters, not counting white space; a trust policy at most 2048.
const ROLES_PER_ACCOUNT = 1000;
const ROLE_INLINE_POLICY_CHARS = 10_240;
const TRUST_POLICY_CHARS = 2048;
const DEFAULT_MAX_SESSION_DURATION = 3600;

/** @param {string} name */
const noSuchRole = (name) => new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);

/**
 * ARN checked for a role action: the role's real ARN (with its path) when it exists.
 * @param {ActionContext} ctx
 */
export function roleResource(ctx) {
  const name = ctx.input.RoleName;
  if (name === undefined) return '*';
  const role = ctx.store.getRole(name);
  return role ? ctx.store.roleArn(role) : `arn:aws:iam::${ctx.accountId}:role${ctx.input.Path ?? '/'}${name}`;
}

/**
 * @param {ActionContext} ctx
 * @returns {Role}
 */
function requireRole(ctx) {
  const name = /** @type {string} */ (ctx.input.RoleName);
  const role = ctx.store.getRole(name);
  if (!role) throw noSuchRole(name);
  return role;
}

/** @param {string} doc */
function assertTrustPolicy(doc) {
  if (doc.replace(/\s/g, '').length > TRUST_POLICY_CHARS) {
    throw new IamError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_CHARS}`, 409);
  }
  assertValidPolicy(doc, 'trust');
}

/**
 * The Role structure, in the model's member order.
 * @param {ActionContext} ctx
 * @param {Role} role
 * @param {boolean} millis
 */
function roleXml(ctx, role, millis) {
  return el(
    'Role',
    raw(
      el('Path', role.Path),
      el('RoleName', role.RoleName),
      el('RoleId', role.RoleId),
      el('Arn', ctx.store.roleArn(role)),
      el('CreateDate', isoTime(role.CreateDate, millis)),
      // Real IAM returns policy documents URL-encoded (RFC 3986), as for GetUserPolicy.
      el('AssumeRolePolicyDocument', encodeURIComponent(role.AssumeRolePolicyDocument)),
      el('Description', role.Description),
      el('MaxSessionDuration', role.MaxSessionDuration),
      role.Tags.length > 0 ? tagsXml(role.Tags) : '',
      millis ? '' : el('RoleLastUsed', raw('')),
    ),
  );
}

/** @type {Record<string, ActionDef>} */
export const roleActions = {
  CreateRole: {
    service: 'iam',
    resource: roleResource,
    requestContext: (ctx) => (ctx.input.Tags ? tagRequestContext({ tags: ctx.input.Tags }) : {}),
    handler(ctx) {
      const { store, input } = ctx;
      const name = /** @type {string} */ (input.RoleName);
      if (store.getRole(name)) throw new IamError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
      if (store.roles.size >= ROLES_PER_ACCOUNT) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for RolesPerAccount: ${ROLES_PER_ACCOUNT}`, 409);
      }
      assertTrustPolicy(input.AssumeRolePolicyDocument);
      const tags = input.Tags ?? [];
      assertUniqueTagKeys(tags);
      /** @type {Role} */
      const role = {
        RoleName: name,
        RoleId: newRoleId(),
        Path: input.Path ?? '/',
        CreateDate: new Date().toISOString(),
        AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
        MaxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
        Tags: tags,
        Policies: {},
      };
      if (input.Description !== undefined) role.Description = input.Description;
      store.roles.set(name.toLowerCase(), role);
      store.save();
      return roleXml(ctx, role, true);
    },
  },

  GetRole: {
    service: 'iam',
    resource: roleResource,
    handler(ctx) {
      return roleXml(ctx, requireRole(ctx), false);
    },
  },

  DeleteRole: {
    service: 'iam',
    resource: roleResource,
    handler(ctx) {
      const role = requireRole(ctx);
      if (Object.keys(role.Policies).length > 0) throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      ctx.store.roles.delete(role.RoleName.toLowerCase());
      // Its sessions' credentials stop working with it.
      for (const [id, s] of ctx.store.sessions) if (s.RoleId === role.RoleId) ctx.store.sessions.delete(id);
      ctx.store.save();
      return null;
    },
  },

  UpdateAssumeRolePolicy: {
    service: 'iam',
    resource: roleResource,
    handler(ctx) {
      const role = requireRole(ctx);
      assertTrustPolicy(ctx.input.PolicyDocument);
      role.AssumeRolePolicyDocument = ctx.input.PolicyDocument;
      ctx.store.save();
      return null;
    },
  },

  PutRolePolicy: {
    service: 'iam',
    resource: roleResource,
    handler(ctx) {
      const role = requireRole(ctx);
      const { PolicyName: name, PolicyDocument: doc } = ctx.input;
      assertValidPolicy(doc);
      const next = { ...role.Policies, [name]: doc };
      const size = Object.values(next).reduce((n, d) => n + d.replace(/\s/g, '').length, 0);
      if (size > ROLE_INLINE_POLICY_CHARS) {
        throw new IamError('LimitExceeded', `Maximum policy size of ${ROLE_INLINE_POLICY_CHARS} bytes exceeded for role ${role.RoleName}`, 409);
      }
      role.Policies = next;
      ctx.store.save();
      return null;
    },
  },

  GetRolePolicy: {
    service: 'iam',
    resource: roleResource,
    handler(ctx) {
      const role = requireRole(ctx);
      const name = /** @type {string} */ (ctx.input.PolicyName);
      const doc = role.Policies[name];
      if (doc === undefined) throw new IamError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
      return el('RoleName', role.RoleName) + el('PolicyName', name) + el('PolicyDocument', encodeURIComponent(doc));
    },
  },

  DeleteRolePolicy: {
    service: 'iam',
    resource: roleResource,
    handler(ctx) {
      const role = requireRole(ctx);
      const name = /** @type {string} */ (ctx.input.PolicyName);
      if (role.Policies[name] === undefined) throw new IamError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
      delete role.Policies[name];
      ctx.store.save();
      return null;
    },
  },

  ListRolePolicies: {
    service: 'iam',
    resource: roleResource,
    handler(ctx) {
      const role = requireRole(ctx);
      const p = paginate(Object.keys(role.Policies), (n) => n, ctx.input);
      return list('PolicyNames', p.page, escapeXml) + pageTail(p);
    },
  },
};
