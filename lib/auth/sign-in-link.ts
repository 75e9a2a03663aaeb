import 'server-only';
import { releaseIdentityLink, type IdentityLink } from '@/lib/people/identity-links';
import { pinKeyInCurrentAccount } from './iam-link';
import { revokeSessionsOfIamUser } from './revocation';

/**
 * Releases the pin between an IAM user and the company sign-in holding it (the help desk's
 * action and the administrator's command), and ends that user's sessions on every instance:
 * a link is released because the wrong sign-in may hold it, so its sessions must not wait for
 * someone else to sign in. Null, and nothing ended, when nothing was linked.
 */
export async function releaseSignInLink(iamUserName: string): Promise<IdentityLink | null> {
  // In the current account (with several, each account's user has a pin of its own).
  const released = await releaseIdentityLink(pinKeyInCurrentAccount(iamUserName));
  if (released) await revokeSessionsOfIamUser(iamUserName, 'sign-in-link-released');
  return released;
}
