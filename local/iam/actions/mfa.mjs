// @ts-check
// ListMFADevices. Devices exist only when seeded (state file or handle.seedMfaDevice).
import { el, isoTime, list } from '../xml.mjs';
import { pageTail, paginate, requireUser, targetUserResource } from './common.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */

/** @type {Record<string, ActionDef>} */
export const mfaActions = {
  ListMFADevices: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const p = paginate(user.MFADevices, (d) => d.SerialNumber, ctx.input);
      return (
        list('MFADevices', p.page, (d) => el('UserName', user.UserName) + el('SerialNumber', d.SerialNumber) + el('EnableDate', isoTime(d.EnableDate))) +
        pageTail(p)
      );
    },
  },
};
