import 'server-only';
import type { LinkedPerson } from '@/lib/auth/session';
import { auditStore } from './index';
import type { ActivityEntry } from './activity-schema';

/** The person's own audit entries: what they did, and what was done to their credentials. */
export async function listMyActivity(person: LinkedPerson, options: { limit?: number; beforeId?: number } = {}): Promise<ActivityEntry[]> {
  const entries = await (await auditStore()).list({ person: person.iamUserName, ...options });
  return entries.map((entry) => ({
    id: entry.id,
    at: entry.at.toISOString(),
    action: entry.action,
    accessKeyId: entry.accessKeyId,
    mfaDevice: entry.mfaDevice,
    outcome: entry.outcome,
    actorName: entry.actorName,
    byOther: entry.actor !== person.iamUserName,
    // lib/credentials' sweep writes as 'kagi:sweep'; no IAM user name has a colon.
    byKagi: entry.actor.startsWith('kagi:'),
    ticket: entry.ticket,
  }));
}
