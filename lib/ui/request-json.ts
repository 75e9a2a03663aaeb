import { matches, type Shape } from '@/lib/shape';
import { BACKGROUND_REQUEST_HEADER } from '@/lib/auth/rules';
import { ApiError, NETWORK_ERROR_CODE } from './api-error';

async function problemError(res: Response): Promise<ApiError> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === 'object' && 'code' in body && typeof body.code === 'string') {
      return new ApiError(body.code, res.status, body as Record<string, unknown>);
    }
  } catch {
    // Not problem+json (a proxy's error page, say): fall through to the generic code.
  }
  return new ApiError('internal', res.status);
}

/**
 * Calls one of Kagi's own API routes. Throws ApiError with the problem `code` when the answer
 * is not OK, and checks a JSON answer against its shape (lib/shape.ts) so the page never works with
 * a shape it did not expect. Same-origin, so the session cookie and Origin header go along.
 */
export async function requestApi(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, cache: 'no-store', credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(NETWORK_ERROR_CODE, 0);
  }
  if (!res.ok) throw await problemError(res);
  return res;
}

export async function requestJson<T>(path: string, shape: Shape<T>, init: RequestInit = {}): Promise<T> {
  const res = await requestApi(path, init);
  const body: unknown = await res.json();
  if (!matches(shape, body)) throw new ApiError('internal', res.status);
  return body;
}

export function jsonBody(value: unknown): RequestInit {
  return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

/**
 * For a request the person did not ask for (a poll, a timer): proxy.ts does not let it keep the
 * session alive, so an open page nobody touches still reaches the idle timeout.
 */
export function inBackground(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set(BACKGROUND_REQUEST_HEADER, '1');
  return { ...init, headers };
}
