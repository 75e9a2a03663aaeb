'use client';

import { useRouter } from 'next/navigation';
import type { AnchorHTMLAttributes, MouseEvent } from 'react';

type AppLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  /** One of Kagi's own pages: a path, with a query string if need be. */
  href: `/${string}`;
  /** Fetch the page ahead when the link is pointed at or focused (default); false when opening it changes something. */
  prefetch?: boolean;
};

/**
 * A link to one of Kagi's own pages that opens it without reloading the tab, like next/link, but
 * without next/link's viewport prefetching and URL objects: that machinery is about 3.8 kB of
 * gzipped script on every page (issue #13, item 10), and Kagi's pages are rendered per request,
 * so prefetching on intent (pointer or focus) fetches just as much in time. A click the browser
 * should handle itself (a new tab or window, a download) is left to it.
 */
export function AppLink({ href, prefetch = true, onClick, onMouseEnter, onFocus, ...anchor }: AppLinkProps) {
  const router = useRouter();

  function open(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    const browserHandles = event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || !!anchor.target || anchor.download !== undefined;
    if (event.defaultPrevented || browserHandles) return;
    event.preventDefault();
    router.push(href);
  }

  return (
    <a
      {...anchor}
      href={href}
      onClick={open}
      onMouseEnter={(event) => {
        onMouseEnter?.(event);
        if (prefetch) router.prefetch(href);
      }}
      onFocus={(event) => {
        onFocus?.(event);
        if (prefetch) router.prefetch(href);
      }}
    />
  );
}
