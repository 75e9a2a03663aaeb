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
];

export default config;
