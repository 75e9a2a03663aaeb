import 'server-only';
import { AppError } from '@/lib/app-error';
import { taggedUserOf } from '@/lib/auth/iam-link';
import type { LinkedPerson } from '@/lib/auth/session';
import { servedAccounts, servesSeveralAccounts, type Account } from '@/lib/accounts';
import { config } from '@/lib/config';
import { currentAccount, inAccount } from '@/lib/iam/account-scope';
import { asHelpdesk, currentBehalf } from '@/lib/iam/on-behalf';
import { getUser, listUsers, type IamUser } from '@/lib/iam/users';
import { findPeople, peopleOfIamUsers } from '@/lib/people/directory';
import { whyCannotHelp, type RefusalReason } from './rules';

/**
 * The IAM user an agent wants to help, checked against IAM's own record of its path: outside
 * Kagi's path, under the protected path, or the agent themself → 403.
 */
export async function helpableUser(agent: LinkedPerson, userName: string): Promise<IamUser> {
  let user: IamUser | null;
  try {
    // Inside a case this is the case's session (subject and ticket); otherwise the agent's about this person.
    user = await inHelpdeskContext(agent, userName, () => getUser(userName));
  } catch (error) {
    // The portal's own policy cannot even read users outside its path.
    if (error instanceof AppError && error.code === 'iam-denied') throw new AppError('forbidden', { cause: error });
    throw error;
  }
  if (!user) throw new AppError('not-found');
  const reason = refusal(agent, user);
  if (reason) throw new AppError('forbidden', { extra: { reason } });
  return user;
}

/**
 * Keeps a help-desk session already set up for this agent and person (performHelpdeskAction
 * sets one with the case's ticket); otherwise one of the agent's about this person.
 */
function inHelpdeskContext<T>(agent: LinkedPerson, subject: string, work: () => Promise<T>): Promise<T> {
  const current = currentBehalf();
  if (current?.purpose === 'helpdesk' && current.agent === agent.iamUserName && current.subject === subject) return work();
  return asHelpdesk(agent.iamUserName, { subject }, work);
}

function refusal(agent: LinkedPerson, user: IamUser): RefusalReason | null {
  const cfg = config();
  return whyCannotHelp(agent.iamUserName, user, {
    userPathPrefix: cfg.IAM_USER_PATH_PREFIX,
    protectedPathPrefix: cfg.HELPDESK_PROTECTED_PATH_PREFIX,
  });
}

/**
 * Every user under Kagi's path in the current account, briefly cached (per account): IAM has
 * no search, and pages of 1000 are cheap.
 */
const directories = new Map<string, { at: number; users: IamUser[] }>();
const DIRECTORY_TTL_MS = 30_000;

async function allUsers(): Promise<IamUser[]> {
  const key = currentAccount().id ?? '';
  const directory = directories.get(key);
  if (directory && Date.now() - directory.at < DIRECTORY_TTL_MS) return directory.users;
  const users: IamUser[] = [];
  let marker: string | undefined;
  do {
    const page = await listUsers({ pathPrefix: config().IAM_USER_PATH_PREFIX, marker, maxItems: 1000 });
    users.push(...page.users);
    marker = page.nextMarker ?? undefined;
  } while (marker);
  users.sort((a, b) => a.userName.localeCompare(b.userName, 'en', { sensitivity: 'base' }));
  directories.set(key, { at: Date.now(), users });
  return users;
}

export interface UserSearchResult {
  userName: string;
  path: string;
  /** Null when the agent may help; otherwise why not. */
  refusal: RefusalReason | null;
  /** As the person last signed in (null if they never have), shown only when the agent may help. */
  name: string | null;
  email: string | null;
  /** With several accounts: the account the hit is in (a person in two accounts is two hits). */
  accountId?: string;
  accountName?: string;
}

/** How many people Kagi's record may add to a search (names and addresses are not unique). */
const PEOPLE_MATCH_LIMIT = 200;

/**
 * Users whose IAM user name contains the query, or whose real name, sign-in name or verified
 * address (as Kagi last recorded it at a sign-in) does, case-insensitive: the first `limit`, by
 * user name. Only users IAM lists under Kagi's path are ever found, whatever the record says;
 * a match by user name carries its refusal (protected, the agent themself), while someone the
 * agent may not help is never found through the record (by address or real name), and not
 * counted in `total` either; the name and address are shown only for people the agent may help.
 */
export async function searchUsers(agent: LinkedPerson, query: string, limit = 50): Promise<{ users: UserSearchResult[]; total: number }> {
  const needle = query.trim().toLowerCase();
  const byRecord = needle ? await findPeople(needle, PEOPLE_MATCH_LIMIT) : [];
  // With several accounts, every account at once (each through its role), in the file's order.
  const accounts = servesSeveralAccounts() ? servedAccounts() : [currentAccount()];
  const found = await Promise.all(accounts.map((account) => searchOneAccount(agent, account, needle, byRecord, limit)));
  const hits = found.flatMap((one) => one.users);
  return { users: hits.slice(0, limit), total: found.reduce((sum, one) => sum + one.total, 0) };
}

async function searchOneAccount(
  agent: LinkedPerson,
  account: Account,
  needle: string,
  byRecord: Awaited<ReturnType<typeof findPeople>>,
  limit: number,
): Promise<{ users: UserSearchResult[]; total: number }> {
  const users = await inAccount(account, () => asHelpdesk(agent.iamUserName, { subject: null }, allUsers));
  const inSeveral = servesSeveralAccounts();
  // In an account that finds people by a tag, Kagi's record names their user there by the tag.
  const taggedRecord = new Map<string, (typeof byRecord)[number]>();
  if (account.userTag) {
    for (const person of byRecord) {
      const userName = await taggedUserOf(account, person);
      if (userName) taggedRecord.set(userName.toLowerCase(), person);
    }
  }
  const recorded = account.userTag ? new Set(taggedRecord.keys()) : new Set(byRecord.map((p) => p.iam_user_name?.toLowerCase()));
  // A match through Kagi's record alone (real name, sign-in name, address) is kept only for
  // someone the agent may help: that a protected person (or the agent) has this address or
  // name must look exactly like no match. A user name IAM lists is no secret from the help
  // desk, so a match by user name keeps its refusal.
  const matches = users.filter(
    (u) => u.userName.toLowerCase().includes(needle) || (recorded.has(u.userName.toLowerCase()) && refusal(agent, u) === null),
  );
  const shown = matches.slice(0, limit);
  const people = await peopleOfIamUsers(shown.map((u) => u.userName));
  return {
    total: matches.length,
    users: shown.map((u) => {
      const why = refusal(agent, u);
      const person = why === null ? (people.get(u.userName) ?? taggedRecord.get(u.userName.toLowerCase())) : undefined;
      return {
        userName: u.userName,
        path: u.path,
        refusal: why,
        name: person?.display_name || null,
        email: person?.email ?? null,
        ...(inSeveral && account.id && account.name ? { accountId: account.id, accountName: account.name } : {}),
      };
    }),
  };
}

/**
 * With several accounts: the other accounts, in the file's order, in which this person has a
 * user the agent may help (same user name, as the search finds them), for the person's page to
 * offer. One GetUser per other account; one account asks nothing.
 */
export async function otherAccountsOf(agent: LinkedPerson, userName: string, shown: Account): Promise<Account[]> {
  if (!servesSeveralAccounts()) return [];
  const others = servedAccounts().filter((account) => account.id !== shown.id);
  const found = await Promise.all(
    others.map((account) =>
      inAccount(account, () => helpableUser(agent, userName)).then(
        () => account,
        // Not there, not to be helped there, or IAM did not answer: the page simply offers no link.
        () => null,
      ),
    ),
  );
  return found.filter((account): account is Account => account !== null);
}
