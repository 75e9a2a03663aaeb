import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, isAppError } from '@/lib/app-error';
import { requireFreshAuth, requireHelpdesk, requireSignedIn, requireUser, type SignedInPerson } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { databaseUnavailable } from '@/lib/db/errors';
import { accountById, ownAccount, type Account } from '@/lib/accounts';
import { inAccount } from '@/lib/iam/account-scope';
import { asPerson } from '@/lib/iam/on-behalf';
import { describeError, log } from '@/lib/log';
import { isStopping } from '@/lib/shutdown';
import { readBodyText } from './body-limit';
import { jsonResponse, problemResponse } from './problem';
import { isSameOrigin } from './same-origin';

/** Who may call a route. */
export type Access =
  | { signedIn: true }
  | { user: true }
  | { helpdesk: true }
  | { freshUser: number /* max seconds since the last sign-in */ }
  /**
   * No session, and other origins may call it: the request carries its own proof (a signed
   * token). Only for what a mail client does on the person's behalf: the one-click opt-out.
   */
  | { tokenInRequest: true };

/** A restarting or failing-over database is usually back within seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
}

export interface RouteContext<P, Q, B, Who> {
  who: Who;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  request: Request;
}

type WhoFor<A extends Access> = A extends { tokenInRequest: true }
  ? null
  : A extends { signedIn: true }
    ? SignedInPerson
    : SignedInPerson & { iamUserName: string };

/**
 * `accountId` (`?account=`): the AWS account a request is about. Self-service: one the person
 * has a user in (requireUser). The help desk: any account Kagi serves (its cases are bound to
 * the account they were opened in: lib/helpdesk/verification.ts).
 */
async function authorize(access: Access, accountId: string | null) {
  if ('tokenInRequest' in access) return null;
  if ('signedIn' in access) return requireSignedIn();
  if ('helpdesk' in access) {
    const account = accountId === null ? ownAccount() : accountById(accountId);
    if (!account) throw new AppError('account-not-found');
    return { ...(await requireHelpdesk()), account };
  }
  if ('freshUser' in access) return requireFreshAuth(access.freshUser, accountId);
  return requireUser(accountId);
}

function invalid(issues: z.core.$ZodIssue[], where: string): AppError {
  return new AppError('invalid-input', {
    extra: {
      errors: issues.map((issue) => ({ where, path: issue.path.join('.'), message: issue.message })),
    },
  });
}

/**
 * The JSON body, or undefined when there is none (the schema decides whether that is fine).
 * Over MAX_BODY_BYTES: 413 `body-too-large`, read no further (proxy.ts refuses most such bodies
 * first; this holds for every route whatever reaches it). Not all there within BODY_TIMEOUT_MS
 * (a declared Content-Length that never comes): 408 `request-timeout`.
 */
async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request.body);
  if (text.length === 0) return undefined;
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    throw new AppError('invalid-input', { detail: 'Send the body as application/json.' });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid-input', { detail: 'The body is not valid JSON.' });
  }
}

/**
 * The one wrapper every API route uses: request ID → same-origin check on mutations →
 * session and role → zod parse of params, query and body → handler → JSON, or problem+json.
 * An unexpected error is logged with its request ID and answered with a generic body.
 */
export function route<A extends Access, P extends z.ZodType = z.ZodType<Record<string, never>>, Q extends z.ZodType = z.ZodType<unknown>, B extends z.ZodType = z.ZodType<undefined>>(
  spec: RouteSpec<P, Q, B> & { access: A },
  handler: (ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>, WhoFor<A>>) => Promise<Response | unknown>,
) {
  return async (request: Request, context: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const started = performance.now();
    const requestId = randomUUID();
    const seen: Seen = {};
    const response = closingWhenStopping(await handle(request, context, requestId, seen));
    // A body that did not come in time (408) may still be on its way: keep no connection for it.
    if (response.status === 408) response.headers.set('Connection', 'close');
    logRequest(request, response, { requestId, seen, durationMs: performance.now() - started });
    return response;
  };

  async function handle(request: Request, context: { params?: Promise<Record<string, string | string[]>> }, requestId: string, seen: Seen): Promise<Response> {
    try {
      const method = request.method.toUpperCase();
      if (method !== 'GET' && method !== 'HEAD' && !('tokenInRequest' in spec.access) && !isSameOrigin(request.headers, new URL(config().NEXTAUTH_URL).origin)) {
        throw new AppError('cross-origin');
      }
      const rawParams = (await context.params) ?? {};
      seen.params = rawParams;
      const url = new URL(request.url);
      // Every route takes the account it is about; the routes' own query schemas never see it.
      const accountId = url.searchParams.get('account');
      url.searchParams.delete('account');
      const who = (await authorize(spec.access, accountId)) as WhoFor<A>;
      seen.person = who ? (who.iamUserName ?? who.userName) : undefined;

      const params = spec.params ? spec.params.safeParse(rawParams) : { success: true as const, data: {} };
      if (!params.success) throw invalid(params.error.issues, 'path');

      const query = spec.query ? spec.query.safeParse(Object.fromEntries(url.searchParams)) : { success: true as const, data: {} };
      if (!query.success) throw invalid(query.error.issues, 'query');

      let body: { success: true; data: unknown } | { success: false; error: z.ZodError } = { success: true, data: undefined };
      if (spec.body) body = spec.body.safeParse(await readJson(request));
      // A mail client's one-click opt-out sends a form body the route neither needs nor parses.
      else if ('tokenInRequest' in spec.access) await readBodyText(request.body);
      else if (request.body !== null && method !== 'GET' && method !== 'HEAD' && (await readBodyText(request.body)).length > 0) {
        throw new AppError('invalid-input', { detail: 'This request takes no body.' });
      }
      if (!body.success) throw invalid(body.error.issues, 'body');

      const routeContext = { who, params: params.data, query: query.data, body: body.data, requestId, request } as RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>, WhoFor<A>>;
      // IAM calls are the signed-in person's own unless a help-desk function narrows them to a
      // case (role mode: the person's session, confined by IAM to their own user).
      // In the account the request is about (Kagi's own, without an accounts file).
      const account = who && 'account' in who ? (who as { account: Account }).account : ownAccount();
      const result = who?.iamUserName ? await inAccount(account, () => asPerson(who.iamUserName!, () => handler(routeContext))) : await handler(routeContext);
      if (result instanceof Response) {
        if (!result.headers.get('Cache-Control')?.startsWith('no-store')) result.headers.set('Cache-Control', 'no-store');
        return result;
      }
      return jsonResponse(result);
    } catch (error) {
      if (isAppError(error)) {
        if (error.status >= 500) logFailure(requestId, error);
        return problemResponse(error, requestId);
      }
      // The database went away mid-request: worth a retry, never a bare 500.
      const appError = databaseUnavailable(error)
        ? new AppError('database-unavailable', { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, cause: error })
        : new AppError('internal', { cause: error });
      logFailure(requestId, appError);
      return problemResponse(appError, requestId);
    }
  }
}

/**
 * While the process shuts down, an answer ends its keep-alive connection: the client's next
 * request then goes to another instance instead of keeping this one open (lib/shutdown).
 */
export function closingWhenStopping(response: Response): Response {
  if (isStopping()) response.headers.set('Connection', 'close');
  return response;
}

/** What the request log line may say about who asked and where, learned while handling it. */
interface Seen {
  person?: string;
  params?: Record<string, string | string[]>;
}

/**
 * One JSON line per API request. The route is the path with its parameters named
 * (/api/me/access-keys/:accessKeyId), so lines group by route; never a body or a header.
 */
function logRequest(request: Request, response: Response, { requestId, seen, durationMs }: { requestId: string; seen: Seen; durationMs: number }): void {
  let route = new URL(request.url).pathname;
  for (const [name, value] of Object.entries(seen.params ?? {})) {
    const segments = (Array.isArray(value) ? value : [value]).map(encodeURIComponent).join('/');
    if (segments) route = route.replace(`/${segments}`, `/:${name}`);
  }
  log.info(
    { type: 'request', method: request.method, route, status: response.status, durationMs: Math.round(durationMs * 10) / 10, requestId, person: seen.person ?? null },
    'request',
  );
}

/** Logs what went wrong without request bodies (they may hold passwords). */
function logFailure(requestId: string, error: unknown): void {
  const cause = error instanceof AppError ? error.cause : error;
  log.error({ type: 'failure', requestId, code: error instanceof AppError ? error.code : 'internal', error: describeError(cause) }, 'request failed');
}
