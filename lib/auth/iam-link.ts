import 'server-only';
import { AppError } from '@/lib/app-error';
import { config } from '@/lib/config';
import { accountById, servedAccounts, servesSeveralAccounts, type Account } from '@/lib/accounts';
import { currentAccount, inAccount } from '@/lib/iam/account-scope';
import { asSystem } from '@/lib/iam/on-behalf';
import { getUser, listUsers, listUserTags } from '@/lib/iam/users';
import { log } from '@/lib/log';
import { claimIdentityLink, identityLinkOf } from '@/lib/people/identity-links';
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

export type SignInLink = { iamUserName: string | null; refused: false } | { iamUserName: string; refused: true };

/**
 * The link a sign-in gets: the claimed IAM user, pinned to this subject if nobody holds it yet
 * (lib/people/identity-links.ts). A user another subject holds is refused: the sign-in ends
 * on the sign-in page, with no session, until the help desk or an administrator releases it.
 */
export async function linkAtSignIn(claimed: string | null, subject: string): Promise<SignInLink> {
  const iamUserName = await linkIamUser(claimed);
  if (!iamUserName) return { iamUserName: null, refused: false };
  const claim = await claimIdentityLink(iamUserName, subject);
  if (claim.granted) return { iamUserName, refused: false };
  // Subjects only: with IAM_USERNAME_CLAIM=email the IAM user's name is an address, which stays out of logs.
  log.warn(
    { type: 'sign-in', subject, linkedSubject: claim.link.subject, linkedAt: claim.link.linked_at },
    'sign-in refused: the IAM user is linked to another identity-provider subject; the help desk or an administrator can release the link',
  );
  return { iamUserName, refused: true };
}

/** A person's IAM user in one of the accounts Kagi serves (with an accounts file). */
export interface AccountLink {
  id: string;
  iamUserName: string;
}

/**
 * The pin's key of a user in an account other than Kagi's own: user names are unique only
 * within an account. Kagi's own account keeps the bare name (as before the accounts file).
 */
const pinKey = (account: Account, iamUserName: string) => (account === servedAccounts()[0] ? iamUserName : `${account.id}/${iamUserName}`);

/** The pin's key of a user in the current account (the help desk's overview and release). */
export function pinKeyInCurrentAccount(iamUserName: string): string {
  return pinKey(currentAccount(), iamUserName);
}

/**
 * With several accounts: the person's user in each, by the same claimed name under
 * IAM_USER_PATH_PREFIX, pinned to this subject as in Kagi's own account. An account that
 * cannot be asked just now (its role refused, IAM failing), or whose user another subject
 * holds, is left out of this session (logged); the sign-in itself goes on.
 */
export async function linkAccountsAtSignIn(claimed: string | null, subject: string, own: SignInLink, verifiedEmail: string | null = null): Promise<AccountLink[]> {
  if (!servesSeveralAccounts()) return [];
  const [first, ...others] = servedAccounts();
  const links: AccountLink[] = own.iamUserName && !own.refused ? [{ id: first!.id!, iamUserName: own.iamUserName }] : [];
  const found = await Promise.all(
    others.map(async (account) => {
      try {
        const iamUserName = await inAccount(account, () =>
          account.userTag ? userTagged(account, account.userTag.claim === 'sub' ? subject : verifiedEmail) : linkIamUser(claimed),
        );
        if (!iamUserName) return null;
        const claim = await claimIdentityLink(pinKey(account, iamUserName), subject);
        if (claim.granted) return { id: account.id!, iamUserName };
        log.warn({ type: 'sign-in', subject, accountId: account.id, linkedSubject: claim.link.subject }, 'account left out of the session: its IAM user is linked to another identity-provider subject');
      } catch (error) {
        log.warn({ type: 'sign-in', subject, accountId: account.id, error: error instanceof AppError ? error.code : 'internal' }, 'account left out of the session: Kagi could not look up the person there');
      }
      return null;
    }),
  );
  return [...links, ...found.filter((link): link is AccountLink => link !== null)];
}

/** Per account: which user under the path holds which value of the account's `userTag` (lowercased). */
const taggedUsers = new Map<string, { at: number; byValue: Map<string, string> }>();
const TAGGED_TTL_MS = 5 * 60_000;
/** A value not found in a directory this old is looked for once more (a tag set just now). */
const TAGGED_RETRY_AFTER_MS = 30_000;

/**
 * The user whose `userTag` holds this person's subject or verified address, for accounts whose
 * user names differ from Kagi's own (lib/accounts-file.ts). IAM cannot search by tag, so the
 * users under the path and their tags are read as the system, and kept per instance for five
 * minutes: a sign-in costs nothing more, and a user tagged just now is found within 30 s.
 */
async function userTagged(account: Account, value: string | null): Promise<string | null> {
  if (!value || !account.userTag) return null;
  const needle = value.toLowerCase();
  const key = account.id ?? '';
  let directory = taggedUsers.get(key);
  const age = directory ? Date.now() - directory.at : Infinity;
  if (!directory || age > TAGGED_TTL_MS || (!directory.byValue.has(needle) && age > TAGGED_RETRY_AFTER_MS)) {
    directory = { at: Date.now(), byValue: await readTaggedUsers(account.userTag.key) };
    taggedUsers.set(key, directory);
  }
  return directory.byValue.get(needle) ?? null;
}

/**
 * A person's user in an account with `userTag`, from what Kagi recorded of them (their subject,
 * their verified address): the help desk's search finds people there by name and address too.
 */
export function taggedUserOf(account: Account, person: { subject: string; email: string | null }): Promise<string | null> {
  if (!account.userTag) return Promise.resolve(null);
  return inAccount(account, () => userTagged(account, account.userTag!.claim === 'sub' ? person.subject : person.email));
}

async function readTaggedUsers(tagKey: string): Promise<Map<string, string>> {
  return asSystem('sign-in', async () => {
    const byValue = new Map<string, string>();
    let marker: string | undefined;
    do {
      const page = await listUsers({ pathPrefix: config().IAM_USER_PATH_PREFIX, marker, maxItems: 1000 });
      for (const user of page.users) {
        const value = (await listUserTags(user.userName)).get(tagKey);
        // Two users naming the same person: neither is theirs (an administrator's mistake to mend).
        if (value) byValue.set(value.toLowerCase(), byValue.has(value.toLowerCase()) ? '' : user.userName);
      }
      marker = page.nextMarker ?? undefined;
    } while (marker);
    for (const [value, userName] of byValue) if (!userName) byValue.delete(value);
    return byValue;
  });
}

/**
 * The session's links in the other accounts, each checked again as currentIamLink checks Kagi's
 * own (every five minutes, per instance): a user deleted or moved there stops being served.
 */
export async function currentAccountLinks(links: AccountLink[], subject: string | undefined, signedInAt: number): Promise<AccountLink[]> {
  const checked = await Promise.all(
    links.map(async (link) => {
      const account = accountById(link.id);
      if (!account) return null; // no longer in the file
      if (account === servedAccounts()[0]) return link; // Kagi's own: currentIamLink decides
      const iamUserName = await inAccount(account, () => currentIamLink(link.iamUserName, subject, signedInAt, undefined, pinKey(account, link.iamUserName)));
      return iamUserName ? { id: link.id, iamUserName } : null;
    }),
  );
  return checked.filter((link): link is AccountLink => link !== null);
}

/** How long a link made at sign-in (or last checked) is trusted before IAM is asked again. */
export const LINK_RECHECK_SECONDS = 5 * 60;

/**
 * Per instance, when each subject's IAM user was last found still linkable and still pinned to
 * it. A cache only: each instance asks IAM and the database at most every five minutes per
 * person, and any instance may ask.
 */
const lastChecked = new Map<string, { at: number; linked: string | null }>();

/**
 * The session's IAM link, checked again every few minutes: a user deleted or moved out of
 * Kagi's path stops being served within five minutes, not at their next sign-in, and so does
 * a user whose pin another subject now holds (the help desk released it and someone else
 * signed in). A user nobody holds (released, and nobody has signed in since) stays linked.
 * While IAM or the database cannot be reached, the last answer stands.
 */
export async function currentIamLink(
  iamUserName: string | null,
  subject: string | undefined,
  signedInAt: number,
  now = Math.floor(Date.now() / 1000),
  pin = iamUserName,
): Promise<string | null> {
  if (!iamUserName || now - signedInAt < LINK_RECHECK_SECONDS) return iamUserName;
  const key = `${subject ?? ''}\u0000${(pin ?? iamUserName).toLowerCase()}`;
  const known = lastChecked.get(key);
  if (known && now - known.at < LINK_RECHECK_SECONDS) return known.linked;
  try {
    let linked = await linkIamUser(iamUserName);
    const holder = linked ? await identityLinkOf(pin === iamUserName ? linked : pin!) : null;
    if (linked && holder && holder.subject !== subject) {
      log.warn({ type: 'session', subject: subject ?? null, linkedSubject: holder.subject }, 'session unlinked: the IAM user is linked to another identity-provider subject now');
      linked = null;
    }
    lastChecked.set(key, { at: now, linked });
    return linked;
  } catch {
    return known ? known.linked : iamUserName;
  }
}
