import 'server-only';
import { GetAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { config } from '@/lib/config';
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
export async function probeIam(): Promise<IamProbe> {
  try {
    await asSystem('readiness', () => iamForProbes().send(new GetAccountPasswordPolicyCommand({})));
    return 'ok';
  } catch (error) {
    const { code } = toAppError(error);
    if (code === 'not-found') return 'ok';
    if (code === 'iam-throttled' || code === 'role-throttled') return 'throttled';
    if (code === 'iam-denied' || code === 'role-denied') return 'denied';
    return 'unreachable';
  }
}

let lastAnswer: { at: number; result: IamProbe } | undefined;
let asking: Promise<IamProbe> | undefined;

/**
 * probeIam's answer, shared by every readiness probe of this instance: IAM's throttling is
 * account-wide, and /api/health/ready is anonymous. At most one call is in flight at a time
 * (concurrent probes wait for it), and its answer, whatever it is, serves for
 * READINESS_IAM_CACHE_SECONDS (5 s by default) after it arrived. So an instance asks IAM at
 * most once per that many seconds, however many probes come.
 */
export function sharedIamProbe(): Promise<IamProbe> {
  const ttlMs = config().READINESS_IAM_CACHE_SECONDS * 1000;
  if (lastAnswer && Date.now() - lastAnswer.at < ttlMs) return Promise.resolve(lastAnswer.result);
  asking ??= probeIam()
    .then((result) => {
      lastAnswer = { at: Date.now(), result };
      return result;
    })
    .finally(() => {
      asking = undefined;
    });
  return asking;
}
