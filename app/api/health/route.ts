import { jsonResponse } from '@/lib/http/problem';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

/** Liveness for load balancers and the local stack. Says nothing about IAM on purpose. */
export function GET(): Response {
  return jsonResponse({ ok: true });
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
