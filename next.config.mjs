import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  // Messages are compiled at build time, so the browser gets no ICU parser (issue #13, item 10).
  experimental: { messages: { path: './messages', format: 'json', locales: 'infer', precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (portal, local stand-ins, tests) before every
  // build in `npm test`; checking again here would only double the time.
  typescript: { ignoreBuildErrors: true },
  // The AWS SDK and the database drivers stay plain Node modules on the server.
  serverExternalPackages: ['@aws-sdk/client-iam', 'better-sqlite3', 'pg'],
  experimental: {
    // Next buffers a copy of every request body for proxy.ts and another for the route, up to
    // this size (10 MB unless set), and silently cuts both there. proxy.ts and the routes refuse
    // anything over MAX_BODY_BYTES (16 KiB, lib/http/body-limit.ts) by counting; a cut copy is
    // still longer than that, since the cut falls after a whole socket read (64 KiB at most),
    // so the count stays right while each request holds a few hundred KiB at most.
    proxyClientMaxBodySize: 256 * 1024,
  },
  // For static files too (pages and API answers get these and more from proxy.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
