import 'server-only';
import { auditStore } from '@/lib/audit';
import type { LinkedPerson } from '@/lib/auth/session';
import { effectivePasswordPolicy } from '@/lib/credentials/console-password';
import { ageInDays, rotationState } from '@/lib/credentials/key-rotation';
import { config } from '@/lib/config';
import * as keys from '@/lib/iam/access-keys';
import { getLoginProfile } from '@/lib/iam/console-password';
import { listMfaDevicesOf } from '@/lib/credentials/mfa-devices';
import { asHelpdesk } from '@/lib/iam/on-behalf';
import { personOfSubject } from '@/lib/people/directory';
import { pinKeyInCurrentAccount } from '@/lib/auth/iam-link';
import { identityLinkOf } from '@/lib/people/identity-links';
import { helpableUser } from './people';

/** What an agent sees of a person: credential state, never a secret. */
export async function personOverview(agent: LinkedPerson, userName: string) {
  return asHelpdesk(agent.iamUserName, { subject: userName }, () => overviewOf(agent, userName));
}

async function overviewOf(agent: LinkedPerson, userName: string) {
  const user = await helpableUser(agent, userName);
  const [profile, keyList, keyNames, mfaDevices, policy, audit] = await Promise.all([
    getLoginProfile(user.userName),
    keys.listAccessKeys(user.userName),
    keys.listAccessKeyNames(user.userName),
    listMfaDevicesOf(user.userName),
    effectivePasswordPolicy(),
    auditStore(),
  ]);
  const link = await identityLinkOf(pinKeyInCurrentAccount(user.userName));
  const linkedPerson = link ? await personOfSubject(link.subject) : null;
  const lastUsed = await Promise.all(keyList.map((k) => keys.getAccessKeyLastUsed(k.accessKeyId)));
  const passwordSetByKagi = await audit.lastSuccess(user.userName, 'console-password.set');
  const passwordSetAt = passwordSetByKagi ?? profile?.createDate ?? null;
  const now = new Date();
  return {
    userName: user.userName,
    path: user.path,
    createDate: user.createDate.toISOString(),
    passwordLastUsed: user.passwordLastUsed?.toISOString() ?? null,
    consolePassword: profile
      ? {
          enabled: true,
          resetRequired: profile.passwordResetRequired,
          setAt: passwordSetAt?.toISOString() ?? null,
          ageDays: passwordSetAt ? ageInDays(passwordSetAt, now) : null,
          maxAgeDays: policy.maxAgeDays,
        }
      : { enabled: false, resetRequired: false, setAt: null, ageDays: null, maxAgeDays: policy.maxAgeDays },
    accessKeys: keyList.map((key, i) => {
      const age = ageInDays(key.createDate, now);
      const used = lastUsed[i] ?? null;
      return {
        accessKeyId: key.accessKeyId,
        description: keyNames.get(key.accessKeyId.toUpperCase()) ?? null,
        status: key.status,
        createDate: key.createDate.toISOString(),
        ageDays: age,
        rotation: rotationState(age, config().KEY_ROTATION_DAYS),
        lastUsed: used ? { date: used.date.toISOString(), serviceName: used.serviceName, region: used.region } : null,
      };
    }),
    mfaDevices,
    /** The one company sign-in that may use this IAM user (identity_links), or null while none holds it. */
    signInLink: link
      ? {
          subject: link.subject,
          signInName: linkedPerson?.user_name ?? null,
          name: linkedPerson?.display_name ?? null,
          linkedAt: link.linked_at,
          linkedBy: link.linked_by,
        }
      : null,
    recentActivity: (await audit.list({ person: user.userName, limit: 20 })).map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      action: e.action,
      accessKeyId: e.accessKeyId,
      mfaDevice: e.mfaDevice,
      outcome: e.outcome,
      actorName: e.actorName,
      ticket: e.ticket,
    })),
  };
}
