// @ts-check
// Who may call what: the admin key may do everything; an IAM user only what
// its inline policies allow, plus what IAM grants every user without a policy.
import { errors } from './faults.mjs';
import { evaluate } from './policy.mjs';

/** @typedef {import('./actions/common.mjs').ActionContext} ActionContext */
/** @typedef {import('./actions/common.mjs').ActionDef} ActionDef */

/**
 * Throws AccessDenied unless the caller may perform `name` on the action's resource.
 * @param {ActionContext} ctx
 * @param {string} name action name, e.g. `GetUser`
 * @param {ActionDef} def
 */
export function authorize(ctx, name, def) {
  const resource = def.resource(ctx);
  if (resource === null || ctx.caller.kind === 'admin') return;
  const { user } = ctx.caller;
  const { store } = ctx;
  const callerArn = store.userArn(user);
  const action = `${def.service}:${name}`;
  const decision = evaluate(Object.values(user.Policies), {
    action,
    resource,
    context: {
      'aws:username': user.UserName,
      'aws:userid': user.UserId,
      'aws:principalaccount': ctx.accountId,
      'aws:principalarn': callerArn,
      'aws:principaltype': 'User',
      'aws:requestedregion': ctx.signing.region,
      'aws:securetransport': 'false',
      ...def.requestContext?.(ctx),
    },
  });
  const prefix = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`;
  if (decision === 'deny') throw errors.accessDenied(`${prefix} with an explicit deny in an identity-based policy`);
  if (decision === 'allow') return;
  // AllowUsersToChangePassword grants these to every user at account level.
  if (store.passwordPolicy?.AllowUsersToChangePassword) {
    if (name === 'ChangePassword' && resource === callerArn) return;
    if (name === 'GetAccountPasswordPolicy') return;
  }
  throw errors.accessDenied(`${prefix} because no identity-based policy allows the ${action} action`);
}
