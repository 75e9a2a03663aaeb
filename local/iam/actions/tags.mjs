// @ts-check
// TagUser, ListUserTags, UntagUser.
import { IamError } from '../faults.mjs';
import { assertUniqueTagKeys, pageTail, paginate, requireUser, tagsXml, targetUserResource } from './common.mjs';

/** @typedef {import('./common.mjs').ActionDef} ActionDef */

const TAGS_PER_USER = 50;

/** @type {Record<string, ActionDef>} */
export const tagActions = {
  TagUser: {
    service: 'iam',
    resource: targetUserResource,
    requestContext: (ctx) => ({
      'aws:tagkeys': (/** @type {import('../state.mjs').Tag[]} */ (ctx.input.Tags ?? [])).map((t) => t.Key),
    }),
    handler(ctx) {
      const user = requireUser(ctx);
      /** @type {import('../state.mjs').Tag[]} */
      const tags = ctx.input.Tags;
      assertUniqueTagKeys(tags);
      // Same key (any case) replaces the old tag; the new tag's case is kept.
      const merged = [...user.Tags];
      for (const t of tags) {
        const i = merged.findIndex((m) => m.Key.toLowerCase() === t.Key.toLowerCase());
        if (i >= 0) merged[i] = { Key: t.Key, Value: t.Value };
        else merged.push({ Key: t.Key, Value: t.Value });
      }
      if (merged.length > TAGS_PER_USER) {
        throw new IamError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
      }
      user.Tags = merged;
      ctx.store.save();
      return null;
    },
  },

  ListUserTags: {
    service: 'iam',
    resource: targetUserResource,
    handler(ctx) {
      const user = requireUser(ctx);
      const p = paginate(user.Tags, (t) => t.Key.toLowerCase(), ctx.input);
      return tagsXml(p.page) + pageTail(p);
    },
  },

  UntagUser: {
    service: 'iam',
    resource: targetUserResource,
    requestContext: (ctx) => ({ 'aws:tagkeys': /** @type {string[]} */ (ctx.input.TagKeys ?? []) }),
    handler(ctx) {
      const user = requireUser(ctx);
      const remove = new Set(/** @type {string[]} */ (ctx.input.TagKeys).map((k) => k.toLowerCase()));
      user.Tags = user.Tags.filter((t) => !remove.has(t.Key.toLowerCase()));
      ctx.store.save();
      return null;
    },
  },
};
