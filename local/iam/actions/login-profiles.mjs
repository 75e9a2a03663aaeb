// @ts-check
// CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile, ChangePassword.
import { IamError, errors } from '../faults.mjs';
import { HISTORY_LIMIT, hashPassword, isReused, meetsPolicy, verifyPassword } from '../passwords.mjs';
import { el, isoTime, raw } from '../xml.mjs';
import { requireUser, targetUserResource } from './common.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */
/** @typedef {import('./common.mjs').ActionContext} ActionContext */
/** @typedef {import('../state.mjs').User} User */
/** @typedef {import('../state.mjs').LoginProfile} LoginProfile */

const reuseViolation = () =>
  new IamError('PasswordPolicyViolation', 'Policy constraint violation with password reuse prevention during password change.', 400);

/**
 * @param {ActionContext} ctx
 * @returns {{ user: User, profile: LoginProfile }}
 */
function requireProfile(ctx) {
  const user = requireUser(ctx);
  if (!user.LoginProfile) throw errors.noSuchLoginProfile(user.UserName);
  return { user, profile: user.LoginProfile };
}

/**
 * Checks a new password against the account (or default) policy and the
 * reuse history, then stores it as the current password.
 * @param {ActionContext} ctx
 * @param {User} user
 * @param {LoginProfile} profile
 * @param {string} password
 */
async function setPassword(ctx, user, profile, password) {
  const policy = ctx.store.passwordPolicy;
  if (!meetsPolicy(password, policy, user.UserName)) throw errors.passwordPolicy();
  const reuse = policy?.PasswordReusePrevention ?? 0;
  if (reuse > 0 && (await isReused(password, profile.history, reuse))) throw reuseViolation();
  const hash = await hashPassword(password);
  profile.hash = hash;
  profile.history = [hash, ...profile.history].slice(0, HISTORY_LIMIT);
  profile.PasswordChangedAt = new Date().toISOString();
}

/**
 * @param {User} user
 * @param {LoginProfile} profile
 * @param {boolean} millis
 */
const profileXml = (user, profile, millis) =>
  el(
    'LoginProfile',
    raw(el('UserName', user.UserName), el('CreateDate', isoTime(profile.CreateDate, millis)), el('PasswordResetRequired', profile.PasswordResetRequired)),
  );

/** @type {Record<string, ActionDef>} */
export const loginProfileActions = {
  CreateLoginProfile: {
    service: 'iam',
    callerDefault: true, // newer model: UserName optional
    resource: targetUserResource,
    async handler(ctx) {
      const user = requireUser(ctx);
      if (user.LoginProfile) throw new IamError('EntityAlreadyExists', `Login Profile for user ${user.UserName} already exists.`, 409);
      const password = /** @type {string} */ (ctx.input.Password);
      if (!meetsPolicy(password, ctx.store.passwordPolicy, user.UserName)) throw errors.passwordPolicy();
      const hash = await hashPassword(password);
      const now = new Date().toISOString();
      /** @type {LoginProfile} */
      const profile = { CreateDate: now, PasswordResetRequired: ctx.input.PasswordResetRequired ?? false, hash, history: [hash], PasswordChangedAt: now };
      user.LoginProfile = profile;
      ctx.store.save();
      return profileXml(user, profile, true);
    },
  },

  GetLoginProfile: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const { user, profile } = requireProfile(ctx);
      return profileXml(user, profile, false);
    },
  },

  UpdateLoginProfile: {
    service: 'iam',
    resource: targetUserResource,
    async handler(ctx) {
      const { user, profile } = requireProfile(ctx);
      // Omitted fields stay as they are.
      if (ctx.input.Password !== undefined) await setPassword(ctx, user, profile, ctx.input.Password);
      if (ctx.input.PasswordResetRequired !== undefined) profile.PasswordResetRequired = ctx.input.PasswordResetRequired;
      ctx.store.save();
      return null;
    },
  },

  DeleteLoginProfile: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const { user } = requireProfile(ctx);
      delete user.LoginProfile;
      ctx.store.save();
      return null;
    },
  },

  // Acts on the caller; the server refuses non-user callers (InvalidUserType)
  // and authorizes against the caller's own ARN before this runs.
  ChangePassword: {
    service: 'iam',
    userOnly: true,
    resource: (ctx) => (ctx.caller.kind === 'user' ? ctx.store.userArn(ctx.caller.user) : '*'),
    async handler(ctx) {
      if (ctx.caller.kind !== 'user') throw new IamError('InvalidUserType', 'Only IAM users can change their own password.', 400);
      const user = ctx.caller.user;
      if (!user.LoginProfile) throw errors.noSuchLoginProfile(user.UserName);
      const profile = user.LoginProfile;
      if (!(await verifyPassword(ctx.input.OldPassword, profile.hash))) {
        throw new IamError('AccessDenied', 'The old password was incorrect.', 403);
      }
      await setPassword(ctx, user, profile, ctx.input.NewPassword);
      profile.PasswordResetRequired = false;
      ctx.store.save();
      return null;
    },
  },
};
