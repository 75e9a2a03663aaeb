import { array, boolean, isoDateTime, nullable, number, object, string, type Infer } from '@/lib/shape';

/** One line of a person's activity, as the API sends it (the browser checks it; lib/shape.ts). */
export const activityEntrySchema = object({
  id: number(),
  at: isoDateTime(),
  action: string(),
  accessKeyId: nullable(string()),
  /** The key's name now, if it still exists and has one. */
  keyName: nullable(string()),
  /** The MFA device's name in AWS, for entries about one. */
  mfaDevice: nullable(string()),
  outcome: string(),
  actorName: string(),
  /** True when someone else (the help desk) acted on this person's credentials. */
  byOther: boolean(),
  /** True when Kagi itself acted (deleting the device of an unfinished MFA set-up). */
  byKagi: boolean(),
  ticket: nullable(string()),
  /** The AWS account it happened in (with an accounts file; else null). */
  accountId: nullable(string()),
});
export type ActivityEntry = Infer<typeof activityEntrySchema>;

export const activityListSchema = object({ entries: array(activityEntrySchema) });
