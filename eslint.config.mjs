import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: ['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    // Only lib/iam talks to AWS (STYLE rule 4); tests and the local stand-ins are exempt.
    files: ['app/**', 'lib/**'],
    ignores: ['lib/iam/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*'], message: 'Call IAM through lib/iam only.' }] }],
    },
  },
];

export default config;
