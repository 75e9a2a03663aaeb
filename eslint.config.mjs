import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// Only lib/iam talks to AWS (STYLE rule 4); tests and the local stand-ins are exempt.
const awsOnlyInIam = { group: ['@aws-sdk/*'], message: 'Call IAM through lib/iam only.' };
// Lower layers never import higher ones: the help desk builds on credentials, and both on
// the audit log and the database, never the other way round.
const noHelpdesk = { group: ['@/lib/helpdesk', '@/lib/helpdesk/*'], message: 'A lower layer must not need the help desk; let the caller pass what it needs.' };
const noCredentials = { group: ['@/lib/credentials', '@/lib/credentials/*'], message: 'The audit log and the database must not need lib/credentials.' };
// Notifications sit under the audit log (which writes the outbox) and over the database and
// lib/people; of lib/credentials only the pure rotation rules, which the reminders share.
const noCredentialsButRotationRules = {
  group: ['@/lib/credentials/*', '!@/lib/credentials/key-rotation'],
  message: 'lib/notifications may use only the pure rules of lib/credentials/key-rotation.',
};

// Browser code checks answers with lib/shape.ts: zod in any page's import graph costs 20-34 kB
// gzipped on every page (npm run bench:pages). Type-only imports are fine.
const noZodInBrowser = { name: 'zod', allowTypeImports: true, message: 'Browser code checks answers with lib/shape.ts; zod weighs 34 kB gzipped on every page.' };
const noZodMiniInBrowser = { name: 'zod/mini', allowTypeImports: true, message: 'Browser code checks answers with lib/shape.ts; even zod/mini weighs 20 kB gzipped.' };
const noZod = [noZodInBrowser, noZodMiniInBrowser];

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: ['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    files: ['app/**', 'lib/**'],
    ignores: ['lib/iam/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsOnlyInIam] }] },
  },
  {
    files: ['lib/credentials/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsOnlyInIam, noHelpdesk] }] },
  },
  {
    files: ['lib/audit/**', 'lib/db/**', 'lib/auth/**', 'lib/people/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsOnlyInIam, noHelpdesk, noCredentials] }] },
  },
  {
    files: ['lib/notifications/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsOnlyInIam, noHelpdesk, noCredentialsButRotationRules] }] },
  },
  // The modules browser code imports (each block replaces the rule for its files, so each
  // keeps its layer's patterns too).
  {
    files: ['app/_components/**', 'lib/ui/**', 'lib/shape.ts', 'lib/hidden-characters.ts', 'lib/helpdesk/rules.ts', 'lib/i18n/locales.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noZod, patterns: [awsOnlyInIam] }] },
  },
  {
    files: [
      'lib/credentials/access-key-shapes.ts',
      'lib/credentials/key-name.ts',
      'lib/credentials/mfa-shapes.ts',
      'lib/credentials/password-policy.ts',
      'lib/credentials/key-file.ts',
      'lib/credentials/delete-confirmation.ts',
      'lib/credentials/setup-snippets.ts',
      'lib/credentials/readable.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: noZod, patterns: [awsOnlyInIam, noHelpdesk] }] },
  },
  {
    files: ['lib/audit/activity-schema.ts', 'lib/auth/rules.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noZod, patterns: [awsOnlyInIam, noHelpdesk, noCredentials] }] },
  },
  {
    files: ['lib/notifications/settings-shapes.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noZod, patterns: [awsOnlyInIam, noHelpdesk, noCredentialsButRotationRules] }] },
  },
];

export default config;
