import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname, '.') };

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
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file starts its own servers on port 0; two at a time suits 2 cores.
          maxWorkers: 2,
          // After the unit tests (projects with different worker counts need their own group).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
