/**
 * Mutations must come from Kagi's own pages. Browsers send Origin on every cross-site and
 * same-site fetch that changes state; Sec-Fetch-Site is the fallback for those that omit it.
 * A request with neither is refused: Kagi's API is for its own pages only.
 */
export function isSameOrigin(headers: Headers, expectedOrigin: string): boolean {
  const origin = headers.get('origin');
  if (origin !== null) return origin === expectedOrigin;
  return headers.get('sec-fetch-site') === 'same-origin';
}
