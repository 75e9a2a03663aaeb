import 'server-only';
import { GetAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
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
