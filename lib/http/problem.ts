import { AppError } from '@/lib/app-error';

/** Headers every API answer carries: personal data is never cached anywhere. */
export const API_HEADERS = { 'Cache-Control': 'no-store' } as const;

/** RFC 9457 problem+json for an AppError; the `code` member is the stable contract. */
export function problemResponse(error: AppError, requestId: string): Response {
  const headers: Record<string, string> = { ...API_HEADERS, 'Content-Type': 'application/problem+json' };
  if (error.retryAfterSeconds) headers['Retry-After'] = String(error.retryAfterSeconds);
  return new Response(
    JSON.stringify({
      // Extra members first, so they can never overwrite the fixed ones.
      ...(error.extra ?? {}),
      type: 'about:blank',
      title: error.title,
      status: error.status,
      code: error.code,
      ...(error.detail ? { detail: error.detail } : {}),
      requestId,
    }),
    { status: error.status, headers },
  );
}
