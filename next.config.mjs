import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (portal, local stand-ins, tests) before every
  // build in `npm test`; checking again here would only double the time.
  typescript: { ignoreBuildErrors: true },
  // The AWS SDK and the database drivers stay plain Node modules on the server.
  serverExternalPackages: ['@aws-sdk/client-iam', 'better-sqlite3', 'pg'],
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
