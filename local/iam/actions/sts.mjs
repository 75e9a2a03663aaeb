// @ts-check
// STS: GetCallerIdentity (needs no permission, so even an explicit Deny can't block it) and
// AssumeRole (the role's trust policy, the caller's own policies, temporary credentials).
import { IamError, errors } from '../faults.mjs';
import { identityDecision, principalOf, sessionArn } from '../authorize.mjs';
import { assertValidPolicy, evaluate } from '../policy.mjs';
import { newSecretAccessKey, newSessionKeyId, newSessionToken } from '../state.mjs';
import { el, isoTime, raw } from '../xml.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */
/** @typedef {import('./common.mjs').ActionContext} ActionContext */
/** @typedef {import('../state.mjs').Tag} Tag */
/** @typedef {import('../state.mjs').Role} Role */
/** @typedef {import('../state.mjs').Store} Store */

/** A session assumed with a session's credentials (role chaining) lasts at most an hour. */
const CHAINED_MAX_SECONDS = 3600;
/** Share of STS's packed limit a session policy and tags may take, in characters. */
const PACKED_LIMIT_CHARS = 2048;

/** @param {string} message */
const validation = (message) => errors.validation(message);

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;

/**
 * The role an ARN names, in the account of the ARN (this one or another served by this
 * endpoint), or undefined: IAM answers AccessDenied for a role that doesn't exist, in an
 * account that doesn't exist too, as for one the caller may not assume, so nothing leaks.
 * @param {ActionContext} ctx
 * @param {string} arn
 * @returns {{ role: Role, store: Store } | undefined}
 */
function roleByArn(ctx, arn) {
  const m = ROLE_ARN.exec(arn);
  if (!m) return undefined;
  const store = m[1] === ctx.accountId ? ctx.store : ctx.accounts?.get(/** @type {string} */ (m[1]));
  const role = store?.getRole(/** @type {string} */ (m[3]));
  return store && role && role.Path === m[2] && role.RoleName === m[3] ? { role, store } : undefined;
}

/** @type {Record<string, ActionDef>} */
export const stsActions = {
  GetCallerIdentity: {
    service: 'sts',
    resource: () => null,
    handler({ caller, store, accountId }) {
      if (caller.kind === 'admin') {
        // The admin key acts as the account's root principal.
        return el('Arn', `arn:aws:iam::${accountId}:root`) + el('UserId', accountId) + el('Account', accountId);
      }
      if (caller.kind === 'session') {
        const { role, session } = caller;
        return (
          el('Arn', sessionArn(accountId, role.RoleName, session.RoleSessionName)) +
          el('UserId', `${role.RoleId}:${session.RoleSessionName}`) +
          el('Account', accountId)
        );
      }
      return el('Arn', store.userArn(caller.user)) + el('UserId', caller.user.UserId) + el('Account', accountId);
    },
  },

  AssumeRole: {
    service: 'sts',
    // Authorized in the handler: the trust policy and the caller's policies both decide.
    resource: () => null,
    handler(ctx) {
      const { input, caller, accountId } = ctx;
      const principal = principalOf(ctx);
      const roleArn = /** @type {string} */ (input.RoleArn);
      /** @param {string} action @param {string} [why] */
      const denied = (action, why = '') =>
        errors.accessDenied(`User: ${principal.arn} is not authorized to perform: ${action} on resource: ${roleArn}${why}`);
      if (caller.kind === 'admin') throw errors.accessDenied('Roles may not be assumed by root accounts.');
      // The role's account is the ARN's; the trail records the call there (CloudTrail's
      // recipientAccountId), when that account is one of this endpoint's.
      const arnAccount = ROLE_ARN.exec(roleArn)?.[1];
      if (arnAccount && ctx.accounts?.get(arnAccount)) {
        ctx.setRecipient?.(arnAccount, [{ ARN: roleArn, accountId: arnAccount, type: 'AWS::IAM::Role' }]);
      }
      const found = roleByArn(ctx, roleArn);
      if (!found) throw denied('sts:AssumeRole');
      const { role, store: target } = found;
      // Across accounts the role's trust policy and the caller's own identity policies must
      // both allow each action; in one account a trust policy naming the caller is enough.
      const crossAccount = target.accountId !== accountId;

      // --- what the new session would carry ---
      const chained = caller.kind === 'session';
      const inherited = chained ? caller.session : undefined;
      /** @type {Tag[]} */
      const requestTags = input.Tags ?? [];
      const seen = new Set();
      for (const t of requestTags) {
        const k = t.Key.toLowerCase();
        if (seen.has(k)) throw validation('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
        if (k.startsWith('aws:')) throw validation('Tag keys may not start with aws:.');
        seen.add(k);
      }
      /** @type {string[]} */
      const transitive = input.TransitiveTagKeys ?? [];
      for (const k of transitive) {
        if (!seen.has(k.toLowerCase())) throw validation(`The transitive tag key ${k} is not among the session tags.`);
      }
      // Tags marked transitive in the calling session pass on and may not be replaced.
      const passedOn = inherited ? inherited.Tags.filter((t) => inherited.TransitiveTagKeys.some((k) => k.toLowerCase() === t.Key.toLowerCase())) : [];
      for (const t of passedOn) {
        if (seen.has(t.Key.toLowerCase())) throw validation(`The session tag ${t.Key} is transitive in the calling session and cannot be changed.`);
      }
      const sourceIdentity = inherited?.SourceIdentity ?? input.SourceIdentity;
      if (inherited?.SourceIdentity !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== inherited.SourceIdentity) {
        throw denied('sts:SetSourceIdentity', ': the source identity of a session cannot be changed once set');
      }
      const maxSeconds = chained ? Math.min(CHAINED_MAX_SECONDS, role.MaxSessionDuration) : role.MaxSessionDuration;
      const duration = input.DurationSeconds ?? 3600;
      if (duration > maxSeconds) {
        throw validation(
          chained
            ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
            : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        );
      }
      if (input.Policy !== undefined) assertValidPolicy(input.Policy);
      const packed = (input.Policy ?? '').replace(/\s/g, '').length + requestTags.reduce((n, t) => n + t.Key.length + t.Value.length, 0);
      const packedPercent = Math.ceil((packed * 100) / PACKED_LIMIT_CHARS);
      if (packedPercent > 100) {
        throw new IamError('PackedPolicyTooLarge', `Packed policy consumes ${packedPercent}% of allotted space, please use smaller policy for this request.`, 400);
      }

      // --- authorization: the trust policy, and the caller's own policies ---
      const tags = [...passedOn, ...requestTags];
      /** @type {import('../policy.mjs').Context} */
      const extra = {
        'aws:resourceaccount': target.accountId,
        'aws:tagkeys': requestTags.map((t) => t.Key),
        'sts:rolesessionname': input.RoleSessionName,
        'sts:transitivetagkeys': transitive,
      };
      for (const t of requestTags) extra[`aws:requesttag/${t.Key.toLowerCase()}`] = t.Value;
      if (sourceIdentity !== undefined) extra['sts:sourceidentity'] = sourceIdentity;
      if (input.ExternalId !== undefined) extra['sts:externalid'] = input.ExternalId;
      const actions = ['sts:AssumeRole'];
      if (requestTags.length > 0) actions.push('sts:TagSession');
      if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
      for (const action of actions) {
        const request = { action, resource: roleArn, context: { ...principal.context, ...extra } };
        const trust = evaluate([role.AssumeRolePolicyDocument], request, { arns: principal.arns, accountId });
        const own = identityDecision(principal, action, roleArn, extra);
        if (trust === 'deny' || own === 'deny') throw denied(action, ' with an explicit deny');
        // A trust policy naming the caller is enough in its own account; one naming only its
        // account, or any trust policy of another account's role, needs the caller's own
        // policy to allow the action too.
        if (crossAccount ? trust !== 'none' && own === 'allow' : trust === 'allow' || (trust === 'allow-by-account' && own === 'allow')) continue;
        throw denied(action);
      }

      // --- the session ---
      const now = Date.now();
      const cap = target.sessionLifetimeCapSeconds;
      const lifetime = cap !== undefined ? Math.min(cap, duration) : duration;
      let id = newSessionKeyId();
      while (target.idTaken(id)) id = newSessionKeyId();
      /** @type {import('../state.mjs').RoleSession} */
      const session = {
        AccessKeyId: id,
        SecretAccessKey: newSecretAccessKey(),
        SessionToken: newSessionToken(),
        Expiration: now + lifetime * 1000,
        RoleId: role.RoleId,
        RoleSessionName: input.RoleSessionName,
        Tags: tags,
        TransitiveTagKeys: [...(inherited?.TransitiveTagKeys.filter((k) => passedOn.some((t) => t.Key === k)) ?? []), ...transitive],
        CreateDate: new Date(now).toISOString(),
        chained,
      };
      if (sourceIdentity !== undefined) session.SourceIdentity = sourceIdentity;
      if (input.Policy !== undefined) session.Policy = input.Policy;
      // The credentials belong to the role's account: they act there, and only there.
      target.addSession(session, now);
      return (
        el(
          'Credentials',
          raw(
            el('AccessKeyId', session.AccessKeyId),
            el('SecretAccessKey', session.SecretAccessKey),
            el('SessionToken', session.SessionToken),
            el('Expiration', isoTime(new Date(session.Expiration).toISOString())),
          ),
        ) +
        el(
          'AssumedRoleUser',
          raw(el('AssumedRoleId', `${role.RoleId}:${session.RoleSessionName}`), el('Arn', sessionArn(target.accountId, role.RoleName, session.RoleSessionName))),
        ) +
        (input.Policy !== undefined || requestTags.length > 0 ? el('PackedPolicySize', packedPercent) : '') +
        el('SourceIdentity', session.SourceIdentity)
      );
    },
  },
};
