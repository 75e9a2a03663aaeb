import 'server-only';
import { config } from '@/lib/config';
import { asSystem } from '@/lib/iam/on-behalf';
import { userTagValue } from '@/lib/iam/users';
import { personOfIamUser } from '@/lib/people/directory';
import type { Recipient } from './templates';

export interface Addressee extends Recipient {
  email: string;
  /** Where the address came from: a verified sign-in (lib/people), or the IAM user's tag. */
  source: 'sign-in' | 'iam-tag';
}

/** One address, as IAM tag values allow (no spaces, commas or angle brackets). */
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/**
 * Whom a message about an IAM user goes to: the address Kagi recorded at their latest sign-in
 * with a verified address, in their language and time zone. Failing that, with IAM_EMAIL_TAG,
 * the address their IAM user's tag holds (set by the organisation's administrators, as Kagi
 * may write no tag but a key's name), in English with times in UTC, until they sign in. Null:
 * nobody to write to. An IAM call that fails throws, so the message is tried again later.
 */
export async function addresseeOf(iamUserName: string): Promise<Addressee | null> {
  const person = await personOfIamUser(iamUserName);
  if (person?.email) {
    return { email: person.email, name: person.display_name || person.user_name, locale: person.locale, timeZone: person.time_zone, source: 'sign-in' };
  }
  const tag = config().IAM_EMAIL_TAG;
  if (!tag) return null;
  const value = (await asSystem('notifications', () => userTagValue(iamUserName, tag)))?.trim();
  if (!value || value.length > 254 || !ADDRESS.test(value)) return null;
  return { email: value, name: person?.display_name || iamUserName, locale: person?.locale ?? 'en', timeZone: person?.time_zone ?? 'UTC', source: 'iam-tag' };
}
