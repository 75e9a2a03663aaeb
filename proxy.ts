import { NextResponse, type NextRequest } from 'next/server';
import { readSessionToken, renewSessionToken, sessionCookieName } from '@/lib/auth/session-cookie';

/** Pages anyone may see. Every other page needs a session; API routes check for themselves. */
const PUBLIC_PAGES = ['/signin', '/signed-out', '/reauth'];

/**
 * A convenience in front of the real checks (which live in lib/auth and run in every page and
 * route): sends signed-out visitors of a page to sign-in and back, tells pages their own path,
 * and renews the idle timeout while the person is active.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const cookieName = sessionCookieName();
  const token = await readSessionToken(request.cookies.get(cookieName)?.value);
  const isApi = pathname.startsWith('/api/');

  if (!token && !isApi && !PUBLIC_PAGES.includes(pathname)) {
    const signIn = new URL('/signin', request.url);
    signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }

  const headers = new Headers(request.headers);
  headers.set('x-kagi-path', `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers } });

  const renewed = token && !pathname.startsWith('/api/auth/') ? await renewSessionToken(token) : null;
  if (renewed) {
    response.cookies.set(cookieName, renewed.value, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: cookieName.startsWith('__Secure-'),
      maxAge: renewed.maxAge,
    });
  }
  return response;
}

export const config = {
  // Not for Next's own assets and files with an extension (icons, robots.txt…).
  matcher: ['/((?!_next/|favicon.ico|.*\\.[a-z0-9]+$).*)'],
};
