'use client';

/**
 * The last resort, when even the root layout fails: then there are no translations either
 * (they come from the root layout), so it says the one thing it can in both languages. Being
 * Kagi's own, it also spares every page Next's built-in version and its styles (bench:pages).
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem', lineHeight: 1.6 }}>
        <main role="alert">
          <h1>Something went wrong.</h1>
          <p lang="ja">問題が発生しました。</p>
          <button type="button" onClick={reset} style={{ marginTop: '1rem', padding: '0.5rem 1rem' }}>
            Try again / <span lang="ja">もう一度試す</span>
          </button>
        </main>
      </body>
    </html>
  );
}
