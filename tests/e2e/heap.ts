import type { Page } from '@playwright/test';

/**
 * Whether the tab's JavaScript heap still holds `needle` anywhere (in any string, whole or
 * inside a longer one), after a full garbage collection: a heap snapshot taken through the
 * Chrome DevTools Protocol, searched in Node. Dropping a secret from the DOM is not enough;
 * a stale React state hook, a cache or a closure can keep it alive in memory long after the
 * dialog that showed it is gone.
 *
 * The needle must never be sent into the page by the test (no `toHaveText(secret)`, no
 * `evaluate(..., secret)`): that would put it in the heap being searched.
 */
export async function heapHolds(page: Page, needle: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    // Parsed rather than searched as text: JSON escaping would hide a needle with " or \ in it.
    const snapshot = JSON.parse(chunks.join('')) as { strings: string[] };
    return snapshot.strings.some((s) => s.includes(needle));
  } finally {
    await cdp.detach();
  }
}
