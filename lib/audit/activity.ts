import 'server-only';
import type { LinkedPerson } from '@/lib/auth/session';
import { servesSeveralAccounts } from '@/lib/accounts';
import { currentAccount } from '@/lib/iam/account-scope';
import { listAccessKeyNames } from '@/lib/iam/access-keys';
import { describeError, log } from '@/lib/log';
import { auditStore } from './index';
import type { ActivityEntry } from './activity-schema';

/**
 * The person's own audit entries: what they did, and what was done to their credentials. With
 * several accounts, those of the account the request is about (its key names are read there).
 */
export async function listMyActivity(person: LinkedPerson, options: { limit?: number; beforeId?: number } = {}): Promise<ActivityEntry[]> {
  const [entries, names] = await Promise.all([
    (await auditStore()).list({ person: person.iamUserName, ...options, ...(servesSeveralAccounts() ? { accountId: currentAccount().id } : {}) }),
    // The keys' names as they are now; a deleted key's is the one its entry kept (from
    // migration 0011). Without them the activity still shows, by key ID.
    listAccessKeyNames(person.iamUserName).catch((error: unknown) => {
      log.warn({ type: 'key-name', error: describeError(error) }, 'could not read the key names for the activity');
      return new Map<string, string>();
    }),
  ]);
  return entries.map((entry) => ({
    id: entry.id,
    at: entry.at.toISOString(),
    action: entry.action,
    accessKeyId: entry.accessKeyId,
    keyName: entry.accessKeyId ? (names.get(entry.accessKeyId.toUpperCase()) ?? entry.keyName) : null,
    mfaDevice: entry.mfaDevice,
    outcome: entry.outcome,
    actorName: entry.actorName,
    byOther: entry.actor !== person.iamUserName,
    // lib/credentials' sweep writes as 'kagi:sweep'; no IAM user name has a colon.
    byKagi: entry.actor.startsWith('kagi:'),
    ticket: entry.ticket,
    accountId: entry.accountId,
  }));
}
