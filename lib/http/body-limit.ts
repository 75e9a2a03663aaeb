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
 * The body, read chunk by chunk and abandoned as soon as it passes the limit, so that one
 * without a Content-Length (chunked) is never held beyond it. Throws `body-too-large`.
 */
export async function readBodyBytes(body: ReadableStream<Uint8Array> | null, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new AppError('body-too-large');
    }
    chunks.push(value);
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
