// @ts-check
// Who may do what: the caller's identity policies (an IAM user's inline policies, or an
// assumed role's, narrowed by a session policy), with the request context that policy
// variables and condition keys read.
import { errors } from './faults.mjs';
import { evaluate } from './policy.mjs';

/**
 * @typedef {import('./actions/common.mjs').ActionContext} ActionContext
 * @typedef {import('./actions/common.mjs').ActionDef} ActionDef
 * @typedef {import('./actions/common.mjs').Caller} Caller
 * @typedef {import('./state.mjs').Store} Store
 * @typedef {import('./policy.mjs').Context} Context
 * @typedef {{ arn: string, arns: string[], kind: 'admin' | 'user' | 'session',
 *   policies: string[], sessionPolicy?: string, context: Context }} Principal
 *   arn: as IAM names the caller in messages; arns: every ARN a trust policy may name it by
 */

/** @param {import('./state.mjs').Tag[]} tags @param {Context} context */
function addPrincipalTags(tags, context) {
  for (const t of tags) context[`aws:principaltag/${t.Key.toLowerCase()}`] = t.Value;
}

/**
 * The calling principal and the global condition keys of its request.
 * @param {{ store: Store, caller: Caller, accountId: string, signing: { region: string } }} ctx
 * @returns {Principal}
 */
export function principalOf(ctx) {
  const { store, caller, accountId } = ctx;
  /** @type {Context} */
  const context = {
    'aws:principalaccount': accountId,
    // The account of the resource: the caller's for IAM actions (AssumeRole sets the role's).
    'aws:resourceaccount': accountId,
    'aws:requestedregion': ctx.signing.region,
    'aws:securetransport': 'false',
    'aws:currenttime': new Date().toISOString(),
    'aws:epochtime': String(Math.floor(Date.now() / 1000)),
  };
  if (caller.kind === 'admin') {
    const arn = `arn:aws:iam::${accountId}:root`;
    Object.assign(context, { 'aws:principalarn': arn, 'aws:principaltype': 'Account', 'aws:userid': accountId });
    return { arn, arns: [arn], kind: 'admin', policies: [], context };
  }
  if (caller.kind === 'user') {
    const arn = store.userArn(caller.user);
    Object.assign(context, {
      'aws:username': caller.user.UserName,
      'aws:userid': caller.user.UserId,
      'aws:principalarn': arn,
      'aws:principaltype': 'User',
    });
    addPrincipalTags(caller.user.Tags, context);
    return { arn, arns: [arn], kind: 'user', policies: Object.values(caller.user.Policies), context };
  }
  const { session, role } = caller;
  const roleArn = store.roleArn(role);
  const arn = sessionArn(accountId, role.RoleName, session.RoleSessionName);
  // Roles have no aws:username; aws:userid is "role ID:session name", as in IAM.
  Object.assign(context, {
    'aws:userid': `${role.RoleId}:${session.RoleSessionName}`,
    'aws:principalarn': roleArn,
    'aws:principaltype': 'AssumedRole',
  });
  if (session.SourceIdentity !== undefined) context['aws:sourceidentity'] = session.SourceIdentity;
  // Session tags override the role's own tags of the same key.
  addPrincipalTags(role.Tags, context);
  addPrincipalTags(session.Tags, context);
  return { arn, arns: [arn, roleArn], kind: 'session', policies: Object.values(role.Policies), sessionPolicy: session.Policy, context };
}

/**
 * @param {string} accountId
 * @param {string} roleName
 * @param {string} sessionName
 */
export const sessionArn = (accountId, roleName, sessionName) => `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

/**
 * The caller's identity-based decision for one action on one resource: explicit Deny wins;
 * a session policy can only narrow what the role's policies allow.
 * @param {Principal} principal
 * @param {string} action e.g. `iam:GetUser`
 * @param {string} resource
 * @param {Context} [extra] request-specific condition keys (aws:RequestTag/…, sts:SourceIdentity…)
 * @returns {import('./policy.mjs').Decision}
 */
export function identityDecision(principal, action, resource, extra = {}) {
  if (principal.kind === 'admin') return 'allow';
  const req = { action, resource, context: { ...principal.context, ...extra } };
  const decision = evaluate(principal.policies, req);
  if (decision === 'deny') return 'deny';
  if (principal.sessionPolicy === undefined) return decision === 'allow' ? 'allow' : 'none';
  const narrowed = evaluate([principal.sessionPolicy], req);
  if (narrowed === 'deny') return 'deny';
  return decision === 'allow' && narrowed === 'allow' ? 'allow' : 'none';
}

/**
 * Throws AccessDenied unless the caller may perform `name` on the action's resource.
 * Admin callers may do anything; a null resource means no permission is needed.
 * @param {ActionContext} ctx
 * @param {string} name action name, e.g. `GetUser`
 * @param {ActionDef} def
 */
export function authorize(ctx, name, def) {
  const resource = def.resource(ctx);
  if (resource === null || ctx.caller.kind === 'admin') return;
  const principal = principalOf(ctx);
  const action = `${def.service}:${name}`;
  const decision = identityDecision(principal, action, resource, def.requestContext?.(ctx));
  const prefix = `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource}`;
  if (decision === 'deny') throw errors.accessDenied(`${prefix} with an explicit deny in an identity-based policy`);
  if (decision === 'allow') return;
  // AllowUsersToChangePassword grants these to every user at account level.
  if (ctx.caller.kind === 'user' && ctx.store.passwordPolicy?.AllowUsersToChangePassword) {
    if (name === 'ChangePassword' && resource === principal.arn) return;
    if (name === 'GetAccountPasswordPolicy') return;
  }
  throw errors.accessDenied(`${prefix} because no identity-based policy allows the ${action} action`);
}
