import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname, '.') };

const POSTGRES_TESTS = [
  'tests/integration/portal/access-keys-api.test.ts',
  'tests/integration/portal/access-key-names.test.ts',
  'tests/integration/portal/console-password-api.test.ts',
  'tests/integration/portal/helpdesk-api.test.ts',
  'tests/integration/portal/identity-link.test.ts',
  'tests/integration/portal/mfa-devices-api.test.ts',
  'tests/integration/portal/authorization-matrix.test.ts',
  'tests/integration/portal/faults.test.ts',
  'tests/integration/portal/load-and-crash.test.ts',
  'tests/integration/portal/sessions-api.test.ts',
  'tests/integration/portal/graceful-shutdown.test.ts',
  'tests/integration/portal/people-directory.test.ts',
  'tests/integration/portal/notifications.test.ts',
  'tests/integration/portal/reminders.test.ts',
  'tests/integration/portal/helpdesk-search.test.ts',
  'tests/integration/portal/accounts-api.test.ts',
  'tests/integration/portal/accounts-notices.test.ts',
  'tests/integration/portal/accounts-user-tag.test.ts',
  'tests/integration/portal/helpdesk-case-limits.test.ts',
  'tests/integration/db/**/*.test.ts',
  'tests/integration/multi-instance/**/*.test.ts',
];

export default defineConfig({
  resolve: { alias },
  test: {
    // The SDK's notice that Node 22 will be needed in 2027 says nothing about the tests.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/multi-instance/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file starts its own servers on port 0; two at a time suits 2 cores.
          maxWorkers: 2,
          // After the unit tests (projects with different worker counts need their own group).
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The portal's route tests again on PostgreSQL, and the tests of several instances on
        // one database. One server (Debian's postgresql) for the run; a database per file.
        extends: true,
        resolve: { alias },
        test: {
          name: 'postgres',
          include: POSTGRES_TESTS,
          environment: 'node',
          env: { KAGI_TEST_STORE: 'postgres' },
          globalSetup: ['./tests/support/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
