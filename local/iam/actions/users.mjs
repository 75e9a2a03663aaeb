// @ts-check
// CreateUser, GetUser, ListUsers, DeleteUser.
import { IamError } from '../faults.mjs';
import { list } from '../xml.mjs';
import { assertUniqueTagKeys, pageTail, paginate, requireUser, tagRequestContext, targetUserResource, userXml } from './common.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */

const USERS_PER_ACCOUNT = 5000;

/** @type {Record<string, ActionDef>} */
export const userActions = {
  CreateUser: {
    service: 'iam',
    resource: targetUserResource,
    requestContext: (ctx) => (ctx.input.Tags ? tagRequestContext({ tags: ctx.input.Tags }) : {}),
    handler({ store, input }) {
      const name = /** @type {string} */ (input.UserName);
      if (store.getUser(name)) throw new IamError('EntityAlreadyExists', `User with name ${name} already exists.`, 409);
      if (store.users.size >= USERS_PER_ACCOUNT) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for UsersPerAccount: ${USERS_PER_ACCOUNT}`, 409);
      }
      const tags = input.Tags ?? [];
      assertUniqueTagKeys(tags);
      const user = store.addUser({ UserName: name, Path: input.Path ?? '/', Tags: tags, PermissionsBoundary: input.PermissionsBoundary });
      store.save();
      return `<User>${userXml(store, user, { full: true, millis: true })}</User>`;
    },
  },

  GetUser: {
    service: 'iam',
    callerDefault: true,
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      return `<User>${userXml(ctx.store, user, { full: true })}</User>`;
    },
  },

  ListUsers: {
    service: 'iam',
    resource: () => '*',
    handler({ store, input }) {
      const prefix = input.PathPrefix ?? '/';
      const users = [...store.users.values()].filter((u) => u.Path.startsWith(prefix));
      const p = paginate(users, (u) => `${u.UserName.toLowerCase()}`, input);
      return list('Users', p.page, (u) => userXml(store, u)) + pageTail(p);
    },
  },

  DeleteUser: {
    service: 'iam',
    resource: targetUserResource,
    handler(ctx) {
      const { store } = ctx;
      const user = requireUser(ctx);
      /** @param {string} what */
      const conflict = (what) => new IamError('DeleteConflict', `Cannot delete entity, must ${what} first.`, 409);
      if (store.keysOf(user).length > 0) throw conflict('delete access keys');
      if (user.LoginProfile) throw conflict('delete login profile');
      if (Object.keys(user.Policies).length > 0) throw conflict('delete policies');
      if (user.MFADevices.length > 0) throw conflict('delete MFA device');
      store.users.delete(user.UserName.toLowerCase());
      store.save();
      return null;
    },
  },
};

