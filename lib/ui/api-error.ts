/**
 * An API answer that was not OK, reduced to the stable `code` of its problem+json body
 * (the UI shows `errors.<code>` from messages/*.json, never the server's own text).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
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

/** Worth one more try by itself: AWS or the network was busy, nothing was refused. */
export function isTransientError(error: unknown): boolean {
  return error instanceof ApiError && (error.code === NETWORK_ERROR_CODE || error.code === 'iam-throttled' || error.code === 'iam-unavailable');
}
