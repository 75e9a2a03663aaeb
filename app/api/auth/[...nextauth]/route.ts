import NextAuth from 'next-auth';
import { AppError } from '@/lib/app-error';
import { authOptions } from '@/lib/auth/options';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { problemResponse } from '@/lib/http/problem';

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

/**
 * next-auth actions Kagi does not offer. `_log` is next-auth's client logger endpoint: with a
 * logger configured it writes whatever any web page posts to it into Kagi's log as an error
 * line. Kagi's pages never use it (no next-auth/react), so it is not found, as an unknown API path is.
 */
const REFUSED_ACTIONS = new Set(['_log']);

// Built per request so the configuration is read at run time, not at build time.
const handler: Handler = async (request, context) => {
  const { nextauth } = await context.params;
  if (REFUSED_ACTIONS.has(nextauth?.[0] ?? '')) return problemResponse(new AppError('not-found'), crypto.randomUUID());
  return (NextAuth(authOptions()) as Handler)(request, context);
};

export { handler as GET, handler as POST };

export const { PUT, PATCH, DELETE } = methodsNotAllowed('GET', 'POST');
