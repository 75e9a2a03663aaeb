import 'server-only';
import { AppError } from '@/lib/app-error';
import { config } from '@/lib/config';
import { asSystem } from '@/lib/iam/on-behalf';
import { getUser } from '@/lib/iam/users';
import { isUnderPath } from './rules';

/**
 * The IAM user a person's claims point to, if it exists and Kagi may serve it. Asked as the
 * portal itself (role mode: the system session, which may read users under the path): the
 * claim may differ from the user's name in case, and only IAM knows the name's exact spelling,
 * which a session confined to one user by name would need already.
 */
export async function linkIamUser(claimed: string | null): Promise<string | null> {
  if (!claimed) return null;
  try {
    const user = await asSystem('sign-in', () => getUser(claimed));
    if (!user || !isUnderPath(user.path, config().IAM_USER_PATH_PREFIX)) return null;
    return user.userName;
  } catch (error) {
    // The portal's policy only reaches users under its path: a refusal means "not ours".
    if (error instanceof AppError && error.code === 'iam-denied') return null;
    throw error;
  }
}

/** How long a link made at sign-in (or last checked) is trusted before IAM is asked again. */
export const LINK_RECHECK_SECONDS = 5 * 60;

/**
 * Per instance, when each IAM user was last found still linkable. A cache only: each instance
 * asks IAM at most every five minutes per person, and any instance may ask.
 */
const lastChecked = new Map<string, { at: number; linked: string | null }>();

/**
 * The session's IAM link, checked again with IAM every few minutes: a user deleted or moved
 * out of Kagi's path stops being served within five minutes, not at their next sign-in.
 * While IAM cannot be reached, the last answer stands (nothing could be changed anyway).
 */
export async function currentIamLink(iamUserName: string | null, signedInAt: number, now = Math.floor(Date.now() / 1000)): Promise<string | null> {
  if (!iamUserName || now - signedInAt < LINK_RECHECK_SECONDS) return iamUserName;
  const key = iamUserName.toLowerCase();
  const known = lastChecked.get(key);
  if (known && now - known.at < LINK_RECHECK_SECONDS) return known.linked;
  try {
    const linked = await linkIamUser(iamUserName);
    lastChecked.set(key, { at: now, linked });
    return linked;
  } catch {
    return known ? known.linked : iamUserName;
  }
}
