/**
 * An API answer that was not OK: the stable `code` of its problem+json body (the UI shows
 * `errors.<code>` from messages/*.json, never the server's own text), and the body itself for
 * the few answers that carry more (failed password rules, verification tries left).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly problem: Record<string, unknown> = {},
  ) {
    super(`Kagi API answered ${status} (${code})`);
    this.name = 'ApiError';
  }
}

/** Used when the request never reached Kagi (offline, DNS, a proxy dropping it). */
export const NETWORK_ERROR_CODE = 'network';

export function errorCodeOf(error: unknown): string {
  return error instanceof ApiError ? error.code : 'internal';
}

const TRANSIENT_CODES = new Set([NETWORK_ERROR_CODE, 'iam-throttled', 'iam-unavailable', 'database-unavailable']);

/** Worth one more try by itself: AWS, Kagi's database or the network was busy, nothing was refused. */
export function isTransientError(error: unknown): boolean {
  return error instanceof ApiError && TRANSIENT_CODES.has(error.code);
}
