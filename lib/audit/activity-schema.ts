import { z } from 'zod';

/** One line of a person's activity, as the API sends it (shared with the browser). */
export const activityEntrySchema = z.object({
  id: z.number(),
  at: z.iso.datetime(),
  action: z.string(),
  accessKeyId: z.string().nullable(),
  /** The key's name now, if it still exists and has one. */
  keyName: z.string().nullable(),
  /** The MFA device's name in AWS, for entries about one. */
  mfaDevice: z.string().nullable(),
  outcome: z.string(),
  actorName: z.string(),
  /** True when someone else (the help desk) acted on this person's credentials. */
  byOther: z.boolean(),
  /** True when Kagi itself acted (deleting the device of an unfinished MFA set-up). */
  byKagi: z.boolean(),
  ticket: z.string().nullable(),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

export const activityListSchema = z.object({ entries: z.array(activityEntrySchema) });
