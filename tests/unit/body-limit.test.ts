import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { BODY_TIMEOUT_MS, MAX_BODY_BYTES, declaresTooLargeBody, readBodyBytes, readBodyText } = await import('@/lib/http/body-limit');
const { AppError } = await import('@/lib/app-error');

/** A body of `total` bytes in 1 KiB chunks that notes how much was pulled and whether it was cancelled. */
function body(total: number, text = 'a') {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= total) return controller.close();
      const n = Math.min(1024, total - seen.pulled);
      seen.pulled += n;
      controller.enqueue(new TextEncoder().encode(text.repeat(n)));
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, seen };
}

describe('declaresTooLargeBody', () => {
  it.each<[string | null, boolean]>([
    [null, false],
    ['0', false],
    [String(MAX_BODY_BYTES), false],
    [String(MAX_BODY_BYTES + 1), true],
    [String(60 * 1024 * 1024), true],
  ])('Content-Length %s → %s', (length, expected) => {
    expect(declaresTooLargeBody(new Headers(length === null ? {} : { 'content-length': length }))).toBe(expected);
  });
});

describe('readBodyText', () => {
  it('reads a body up to the limit, as UTF-8', async () => {
    expect(await readBodyText(body(MAX_BODY_BYTES).stream)).toHaveLength(MAX_BODY_BYTES);
    expect(await readBodyText(new Response('{"name":"鍵"}').body)).toBe('{"name":"鍵"}');
    expect(await readBodyText(null)).toBe('');
  });

  it('stops at the first chunk over the limit, cancels the rest, and says body-too-large (413)', async () => {
    const { stream, seen } = body(60 * 1024 * 1024);
    const error = await readBodyText(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'body-too-large', status: 413 });
    expect(seen.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 1024);
    expect(seen.cancelled).toBe(true);
  });

  it('gives up on a body that stalls: request-timeout (408) after BODY_TIMEOUT_MS, and cancels it', async () => {
    expect(BODY_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"des'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const started = Date.now();
    const error = await readBodyBytes(stalled, MAX_BODY_BYTES, 200).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'request-timeout', status: 408 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cancelled).toBe(true);
  });

  it('a body that arrives in time leaves no timer behind', async () => {
    vi.useFakeTimers();
    try {
      expect(await readBodyText(new Response('{}').body)).toBe('{}');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
