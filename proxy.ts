import { NextResponse, type NextRequest } from 'next/server';
import { AppError, isAppError } from '@/lib/app-error';
import { isPersonActivity } from '@/lib/auth/rules';
import { readSessionToken, renewSessionToken, sessionCookieName } from '@/lib/auth/session-cookie';
import { config as kagiConfig } from '@/lib/config';
import { declaresTooLargeBody, readBodyBytes } from '@/lib/http/body-limit';
import { problemResponse } from '@/lib/http/problem';
import { contentSecurityPolicy, securityHeaders } from '@/lib/http/security-headers';
import { isStopping } from '@/lib/shutdown';

/** Pages anyone may see. Every other page needs a session; API routes check for themselves. */
const PUBLIC_PAGES = ['/signin', '/signed-out', '/reauth', '/unsubscribe'];

/**
 * A convenience in front of the real checks (which live in lib/auth and run in every page and
 * route): refuses malformed paths and oversized bodies, sends signed-out visitors of a page to
 * sign-in and back, tells pages their own path, renews the idle timeout on what the person
 * does (not on background polls), and sets the security headers (with a fresh CSP nonce per
 * page).
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  const https = kagiConfig().NEXTAUTH_URL.startsWith('https://');
  const isApi = pathname.startsWith('/api/');
  // Next answers a bare 500 when a route parameter is not valid percent-encoding.
  if (!decodes(pathname)) return withSecurityHeaders(refusal('invalid-input', isApi), https);
  const bodyRefused = await bodyProblem(request);
  if (bodyRefused) return withSecurityHeaders(refusal(bodyRefused, isApi), https);

  const cookieName = sessionCookieName();
  const token = await readSessionToken(request.cookies.get(cookieName)?.value);

  if (!token && !isApi && !PUBLIC_PAGES.includes(pathname)) {
    const signIn = new URL('/signin', request.url);
    signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(signIn), https);
  }

  const headers = new Headers(request.headers);
  // Pages read their own path from this (lib/auth/pages.ts): always ours, whatever a client sent.
  headers.set('x-kagi-path', `${pathname}${search}`);
  let csp: string | undefined;
  if (!isApi) {
    // Next reads the nonce from the request's CSP header and puts it on its own scripts.
    csp = contentSecurityPolicy(btoa(crypto.randomUUID()), { https, dev: process.env.NODE_ENV === 'development' });
    headers.set('Content-Security-Policy', csp);
  }
  const response = withSecurityHeaders(NextResponse.next({ request: { headers } }), https);
  if (csp) response.headers.set('Content-Security-Policy', csp);

  const renewed = token && isPersonActivity(pathname, request.headers) ? await renewSessionToken(token) : null;
  if (renewed) {
    response.cookies.set(cookieName, renewed.value, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: https,
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

/**
 * Over the limit by its Content-Length, refused without reading; without one (chunked), by
 * counting the copy Next gives the proxy, which stops at the first byte too many, or gives up
 * when the body has not all come within BODY_TIMEOUT_MS (a chunked body that stalls).
 */
async function bodyProblem(request: NextRequest): Promise<'body-too-large' | 'request-timeout' | null> {
  if (declaresTooLargeBody(request.headers)) return 'body-too-large';
  if (request.headers.has('content-length') || !request.body) return null;
  try {
    await readBodyBytes(request.body);
    return null;
  } catch (error) {
    if (isAppError(error) && (error.code === 'body-too-large' || error.code === 'request-timeout')) return error.code;
    throw error;
  }
}

/** An API caller gets problem+json; a page's visitor, a line of text to read. */
function refusal(code: 'invalid-input' | 'body-too-large' | 'request-timeout', isApi: boolean): Response {
  const error = new AppError(code);
  const response = isApi
    ? problemResponse(error, crypto.randomUUID())
    : new Response(error.title, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  // The rest of a stalled body may never come: the connection is not kept for another request.
  if (code === 'request-timeout') response.headers.set('Connection', 'close');
  return response;
}

function withSecurityHeaders<R extends Response>(response: R, https: boolean): R {
  for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
  // Shutting down: end each keep-alive connection after this answer (lib/shutdown).
  if (isStopping()) response.headers.set('Connection', 'close');
  return response;
}

export const config = {
  // Every page and API path, whatever its last segment looks like (IAM user names may hold
  // dots: /helpdesk/jiro.tanaka). Only Next's own assets and the files in public/ stay out;
  // tests/unit/proxy.test.ts checks that each one named here exists.
  matcher: ['/((?!_next/static/|_next/image$|robots\\.txt$).*)'],
};
