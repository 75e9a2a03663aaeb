import { NextResponse, type NextRequest } from 'next/server';
import { readSessionToken, renewSessionToken, sessionCookieName } from '@/lib/auth/session-cookie';
import { config as kagiConfig } from '@/lib/config';
import { contentSecurityPolicy, securityHeaders } from '@/lib/http/security-headers';
import { isStopping } from '@/lib/shutdown';

/** Pages anyone may see. Every other page needs a session; API routes check for themselves. */
const PUBLIC_PAGES = ['/signin', '/signed-out', '/reauth'];

/**
 * A convenience in front of the real checks (which live in lib/auth and run in every page and
 * route): sends signed-out visitors of a page to sign-in and back, tells pages their own path,
 * renews the idle timeout while the person is active, and sets the security headers (with a
 * fresh CSP nonce per page).
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const https = kagiConfig().NEXTAUTH_URL.startsWith('https://');
  // Next answers a bare 500 when a route parameter is not valid percent-encoding.
  if (!decodes(pathname)) return withSecurityHeaders(badPath(pathname.startsWith('/api/')), https);
  const cookieName = sessionCookieName();
  const token = await readSessionToken(request.cookies.get(cookieName)?.value);
  const isApi = pathname.startsWith('/api/');

  if (!token && !isApi && !PUBLIC_PAGES.includes(pathname)) {
    const signIn = new URL('/signin', request.url);
    signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(signIn), https);
  }

  const headers = new Headers(request.headers);
  headers.set('x-kagi-path', `${pathname}${search}`);
  let csp: string | undefined;
  if (!isApi) {
    // Next reads the nonce from the request's CSP header and puts it on its own scripts.
    csp = contentSecurityPolicy(btoa(crypto.randomUUID()), { https, dev: process.env.NODE_ENV === 'development' });
    headers.set('Content-Security-Policy', csp);
  }
  const response = withSecurityHeaders(NextResponse.next({ request: { headers } }), https);
  if (csp) response.headers.set('Content-Security-Policy', csp);

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

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function badPath(isApi: boolean): NextResponse {
  if (!isApi) return new NextResponse('Bad request', { status: 400, headers: { 'Content-Type': 'text/plain' } });
  const problem = { type: 'about:blank', title: 'Some of the information sent is not valid.', status: 400, code: 'invalid-input' };
  return NextResponse.json(problem, {
    status: 400,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
  });
}

function withSecurityHeaders(response: NextResponse, https: boolean): NextResponse {
  for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
  // Shutting down: end each keep-alive connection after this answer (lib/shutdown).
  if (isStopping()) response.headers.set('Connection', 'close');
  return response;
}

export const config = {
  // Not for Next's own assets and files with an extension (icons, robots.txt…).
  matcher: ['/((?!_next/|favicon.ico|.*\\.[a-z0-9]+$).*)'],
};
