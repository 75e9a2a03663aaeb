import 'server-only';
import { AppError } from '@/lib/app-error';

/**
 * The most any request may send. Kagi's JSON bodies and next-auth's sign-in forms are a few
 * hundred bytes; nothing it takes comes near this. next.config.mjs keeps Next's own copies of
 * a body small to match (proxyClientMaxBodySize).
 */
export const MAX_BODY_BYTES = 16 * 1024;

/** Whether the declared Content-Length alone is over the limit: refused before reading a byte. */
export function declaresTooLargeBody(headers: Headers, limit = MAX_BODY_BYTES): boolean {
  const length = headers.get('content-length');
  return length !== null && Number(length) > limit;
}

/**
 * The longest Kagi waits for a whole body, from the first read: its bodies are a few hundred
 * bytes, so a client that takes longer is not sending one (a declared Content-Length that never
 * comes, a chunked body that stalls, one byte every few seconds). Without this, Node would hold
 * such a request for its own requestTimeout (5 minutes), and a few hundred of them would hold
 * every connection the portal has.
 */
export const BODY_TIMEOUT_MS = 10_000;

/**
 * The body, read chunk by chunk and abandoned as soon as it passes the limit, so that one
 * without a Content-Length (chunked) is never held beyond it. Throws `body-too-large`; throws
 * `request-timeout` (408) when the whole body has not come within `timeoutMs`, and cancels it
 * (which ends the request's stream, so the connection is not kept for it).
 */
export async function readBodyBytes(body: ReadableStream<Uint8Array> | null, limit = MAX_BODY_BYTES, timeoutMs = BODY_TIMEOUT_MS): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('request-timeout')), timeoutMs);
  });
  // Never unhandled: a body read in time leaves this promise pending, then cleared.
  timedOut.catch(() => {});
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timedOut]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new AppError('body-too-large');
      chunks.push(value);
    }
  } catch (error) {
    // Not awaited: a stalled source may take its time to close, and the answer should not.
    void reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text (as Request.text() decodes it), within the limit. */
export async function readBodyText(body: ReadableStream<Uint8Array> | null, limit = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(body, limit));
}
