import { AppError } from '@/lib/app-error';

/** Headers every API answer carries: personal data is never cached anywhere. */
export const API_HEADERS = { 'Cache-Control': 'no-store' } as const;

/**
 * Below this size, gzip costs more time than it saves bytes (the `compression` module Next
 * uses has the same threshold, but only for answers whose length it knows in advance).
 */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON answer. Small ones say `no-transform`, which keeps Next from gzipping them: that took
 * about 2 ms an answer, more than the rest of the portal's own work (`npm run bench:api`).
 */
export function jsonResponse(
  body: unknown,
  { status = 200, contentType = 'application/json', headers = {} }: { status?: number; contentType?: string; headers?: Record<string, string> } = {},
): Response {
  const text = JSON.stringify(body);
  const cacheControl = Buffer.byteLength(text) < COMPRESS_FROM_BYTES ? `${API_HEADERS['Cache-Control']}, no-transform` : API_HEADERS['Cache-Control'];
  return new Response(text, { status, headers: { 'Cache-Control': cacheControl, 'Content-Type': contentType, ...headers } });
}

/** RFC 9457 problem+json for an AppError; the `code` member is the stable contract. */
export function problemResponse(error: AppError, requestId: string): Response {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds) headers['Retry-After'] = String(error.retryAfterSeconds);
  return jsonResponse(
    {
      // Extra members first, so they can never overwrite the fixed ones.
      ...(error.extra ?? {}),
      type: 'about:blank',
      title: error.title,
      status: error.status,
      code: error.code,
      ...(error.detail ? { detail: error.detail } : {}),
      requestId,
    },
    { status: error.status, contentType: 'application/problem+json', headers },
  );
}
