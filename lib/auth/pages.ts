import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getSession, requireSignedIn } from './session';
import type { SignedInPerson } from './session';

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
