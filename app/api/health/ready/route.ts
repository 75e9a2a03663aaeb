import { AppError } from '@/lib/app-error';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { jsonResponse, problemResponse } from '@/lib/http/problem';
import { closingWhenStopping } from '@/lib/http/route';
import { checkReadiness } from '@/lib/readiness';

/**
 * Readiness for load balancers and orchestrators: 200 when the database and IAM answer, 503
 * problem+json `not-ready` naming what does not (and from SIGTERM on). `notifications` says
 * whether e-mail is on (SMTP_URL set); off is not a failure. /api/health stays the
 * liveness check, which never looks past the process. Public, like /api/health: it says only
 * "ok" or what is down.
 */
export async function GET(): Promise<Response> {
  const { ready, checks, notifications, accounts } = await checkReadiness();
  // With several accounts, IAM in each through its role (said, not failed on: lib/readiness.ts).
  const more = accounts ? { accounts } : {};
  const response = ready
    ? jsonResponse({ ok: true, checks, notifications, ...more })
    : problemResponse(new AppError('not-ready', { extra: { checks, notifications, ...more } }), crypto.randomUUID());
  return closingWhenStopping(response);
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');
