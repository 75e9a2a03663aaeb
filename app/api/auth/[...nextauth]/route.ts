import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request so the configuration is read at run time, not at build time.
const handler: Handler = (request, context) => (NextAuth(authOptions()) as Handler)(request, context);

export { handler as GET, handler as POST };

export const { PUT, PATCH, DELETE } = methodsNotAllowed('GET', 'POST');
