// @ts-check
// STS GetCallerIdentity: needs no permission, so even an explicit Deny can't block it.
import { el } from '../xml.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */

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
      return el('Arn', store.userArn(caller.user)) + el('UserId', caller.user.UserId) + el('Account', accountId);
    },
  },
};
