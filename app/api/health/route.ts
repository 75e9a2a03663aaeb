import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/** Liveness for load balancers and the local stack. Says nothing about IAM on purpose. */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
