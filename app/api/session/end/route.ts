import { getToken } from 'next-auth/jwt';
import { z } from 'zod';
import { AppError } from '@/lib/app-error';
import { endSessionOnServer, signedOutDestination } from '@/lib/auth/sign-out';
import { config } from '@/lib/config';
import { route } from '@/lib/http/route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

const body = z.strictObject({ everywhere: z.boolean().optional() }).optional();

/**
 * Ends Kagi's session on the server (with `everywhere`, every session of the person), then
 * says where to send the browser so that the identity provider's session ends too.
 */
export const POST = route({ access: { signedIn: true }, body }, async ({ request, requestId, body }) => {
  const token = await getToken({ req: request as Parameters<typeof getToken>[0]['req'], secret: config().NEXTAUTH_SECRET });
  if (!token) throw new AppError('unauthenticated');
  await endSessionOnServer(token, { everywhere: body?.everywhere ?? false, requestId });
  return { url: await signedOutDestination(token) };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed('POST');
