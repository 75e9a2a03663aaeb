import 'server-only';
import { GetAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { ownAccount, type Account } from '@/lib/accounts';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { inAccount } from './account-scope';
import { iamForProbes } from './client';
import { asSystem } from './on-behalf';
import { toAppError } from './errors';

export type IamProbe = 'ok' | 'throttled' | 'denied' | 'unreachable';

/**
 * Whether IAM answers the portal's principal, with the cheapest read its policy allows
 * (deploy/iam-policy.json, ReadThePasswordPolicy): it names no user, so it works whatever
 * the principal is (a user, or a role, for which GetUser without a name fails). "No policy
 * set" is an answer too.
 */
export async function probeIam(account: Account = ownAccount()): Promise<IamProbe> {
  try {
    await inAccount(account, () => asSystem('readiness', () => iamForProbes().send(new GetAccountPasswordPolicyCommand({}))));
    return 'ok';
  } catch (error) {
    const { code } = toAppError(error);
    if (code === 'not-found') return 'ok';
    if (code === 'iam-throttled' || code === 'role-throttled') return 'throttled';
    if (code === 'role-denied' && account.roleArn && account !== ownAccount()) {
      // What an operator must fix: the role there, or its trust in Kagi's principal.
      log.warn(
        { type: 'readiness', accountId: account.id, roleArn: account.roleArn },
        `Kagi cannot assume ${account.roleArn} in AWS account ${account.name} (${account.id}): check that the role exists there and trusts Kagi's principal (deploy/README.md, 1c)`,
      );
    }
    if (code === 'iam-denied' || code === 'role-denied') return 'denied';
    return 'unreachable';
  }
}

const lastAnswers = new Map<string, { at: number; result: IamProbe }>();
const askings = new Map<string, Promise<IamProbe>>();

/**
 * probeIam's answer, shared by every readiness probe of this instance: IAM's throttling is
 * account-wide, and /api/health/ready is anonymous. At most one call is in flight at a time
 * (concurrent probes wait for it), and its answer, whatever it is, serves for
 * READINESS_IAM_CACHE_SECONDS (5 s by default) after it arrived. So an instance asks IAM at
 * most once per that many seconds, however many probes come.
 */
export function sharedIamProbe(account: Account = ownAccount()): Promise<IamProbe> {
  const ttlMs = config().READINESS_IAM_CACHE_SECONDS * 1000;
  const key = account.id ?? '';
  const lastAnswer = lastAnswers.get(key);
  if (lastAnswer && Date.now() - lastAnswer.at < ttlMs) return Promise.resolve(lastAnswer.result);
  let asking = askings.get(key);
  if (!asking) {
    asking = probeIam(account)
      .then((result) => {
        lastAnswers.set(key, { at: Date.now(), result });
        return result;
      })
      .finally(() => {
        askings.delete(key);
      });
    askings.set(key, asking);
  }
  return asking;
}
