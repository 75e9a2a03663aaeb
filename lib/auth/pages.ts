import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getSession, requireSignedIn } from './session';
import type { PersonAccount, SignedInPerson } from './session';
import { accountById, ownAccount, type Account } from '@/lib/accounts';
import { inAccount } from '@/lib/iam/account-scope';
import { asPerson } from '@/lib/iam/on-behalf';

/**
 * The path the browser asked for, to come back to after sign-in. proxy.ts sets it on every
 * page request, over whatever the client sent (its matcher leaves out no page).
 */
async function currentPath(): Promise<string> {
  return (await headers()).get('x-kagi-path') ?? '/';
}

/** For pages: the signed-in person, or a redirect through sign-in and back here. */
export async function requirePagePerson(): Promise<SignedInPerson> {
  const session = await getSession();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(await currentPath())}`);
  // getSession is cached per request: this reads the same session, with its accounts named.
  return requireSignedIn();
}

/** A page's `searchParams` (Next 16: a Promise). */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What a credentials page needs to know about the account it shows. */
export interface PageAccount {
  person: SignedInPerson;
  /** The account shown: `?account=`, else the person's first. Null: the person has no user in any. */
  account: PersonAccount | null;
  /** `?account=` named an account the person has no user in (or none Kagi serves). */
  unknown: boolean;
  /** Whether the person has users in more than one account: only then does a page show any account. */
  several: boolean;
}

/**
 * For credentials pages: the signed-in person and the account the page is about, chosen the
 * way the API routes choose it (lib/http/route.ts): `?account=<12-digit ID>`, else the person's
 * first account. An account they have no user in is reported, not guessed at: the page says
 * so in plain words and offers the ones they have.
 */
export async function requirePageAccount(searchParams: SearchParams): Promise<PageAccount> {
  const person = await requirePagePerson();
  const asked = (await searchParams).account;
  const accountId = typeof asked === 'string' && asked !== '' ? asked : null;
  const several = person.accounts.length > 1;
  if (accountId === null) return { person, account: person.accounts[0] ?? null, unknown: false, several };
  const account = person.accounts.find((a) => a.id === accountId) ?? null;
  return { person, account, unknown: account === null, several };
}

/**
 * Runs a page's lib calls for its first render in the chosen account, on the person's behalf,
 * exactly as the route wrapper runs an API route's (inAccount, then asPerson).
 */
export function inPageAccount<T>(chosen: PersonAccount, work: () => Promise<T>): Promise<T> {
  const account = (chosen.id ? accountById(chosen.id) : undefined) ?? ownAccount();
  return inAccount(account, () => asPerson(chosen.iamUserName, work));
}

/**
 * For the help desk's pages about one person: the account `?account=` names, any Kagi serves
 * (as the route wrapper chooses it for `{ helpdesk: true }` routes), else Kagi's own.
 * Undefined: an account Kagi does not serve (the page is a plain not-found).
 */
export async function helpdeskPageAccount(searchParams: SearchParams): Promise<Account | undefined> {
  const asked = (await searchParams).account;
  if (typeof asked !== 'string' || asked === '') return ownAccount();
  return accountById(asked);
}

/** Runs a help-desk page's lib calls in `account`, on the agent's behalf, as the route wrapper does. */
export function inHelpdeskPageAccount<T>(account: Account, agentIamUserName: string, work: () => Promise<T>): Promise<T> {
  return inAccount(account, () => asPerson(agentIamUserName, work));
}
