// @ts-check
// GetAccountPasswordPolicy, UpdateAccountPasswordPolicy, DeleteAccountPasswordPolicy.
import { IamError } from '../faults.mjs';
import { el, raw } from '../xml.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */
/** @typedef {import('../passwords.mjs').PasswordPolicy} PasswordPolicy */

/** @param {string} accountId */
const noPolicy = (accountId) => new IamError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`, 404);

/** @type {Record<string, ActionDef>} */
export const passwordPolicyActions = {
  GetAccountPasswordPolicy: {
    service: 'iam',
    resource: () => '*',
    handler({ store, accountId }) {
      const p = store.passwordPolicy;
      if (!p) throw noPolicy(accountId);
      return el(
        'PasswordPolicy',
        raw(
          el('MinimumPasswordLength', p.MinimumPasswordLength),
          el('RequireSymbols', p.RequireSymbols),
          el('RequireNumbers', p.RequireNumbers),
          el('RequireUppercaseCharacters', p.RequireUppercaseCharacters),
          el('RequireLowercaseCharacters', p.RequireLowercaseCharacters),
          el('AllowUsersToChangePassword', p.AllowUsersToChangePassword),
          el('ExpirePasswords', (p.MaxPasswordAge ?? 0) > 0),
          // These three appear only when they were set.
          el('MaxPasswordAge', p.MaxPasswordAge),
          el('PasswordReusePrevention', p.PasswordReusePrevention),
          el('HardExpiry', p.HardExpiry),
        ),
      );
    },
  },

  // Not a partial update: every omitted parameter returns to its default.
  UpdateAccountPasswordPolicy: {
    service: 'iam',
    resource: () => '*',
    handler({ store, input }) {
      /** @type {PasswordPolicy} */
      const p = {
        MinimumPasswordLength: input.MinimumPasswordLength ?? 6,
        RequireSymbols: input.RequireSymbols ?? false,
        RequireNumbers: input.RequireNumbers ?? false,
        RequireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
        RequireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
        AllowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
      };
      if (input.MaxPasswordAge !== undefined) p.MaxPasswordAge = input.MaxPasswordAge;
      if (input.PasswordReusePrevention !== undefined) p.PasswordReusePrevention = input.PasswordReusePrevention;
      if (input.HardExpiry !== undefined) p.HardExpiry = input.HardExpiry;
      store.passwordPolicy = p;
      store.save();
      return null;
    },
  },

  DeleteAccountPasswordPolicy: {
    service: 'iam',
    resource: () => '*',
    handler({ store, accountId }) {
      if (!store.passwordPolicy) throw noPolicy(accountId);
      store.passwordPolicy = null;
      store.save();
      return null;
    },
  },
};
