import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { E2E_ACCOUNTS_STACK, E2E_IDLE_STACK, E2E_STACK } from './tests/e2e/stack';

// Debian's Chromium where it is installed (Playwright cannot download its own browser here).
const debianChromium = '/usr/bin/chromium';
const launchOptions = fs.existsSync(debianChromium)
  ? {
      executablePath: debianChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }
  : {};

const roleMode = process.env.KAGI_E2E_ROLE === '1' ? ' --role' : '';

export default defineConfig({
  testDir: 'tests/e2e',
  // One portal, one IAM: tests that change state run one at a time (workers: 1 in each
  // project). The idle-timeout test has a stack of its own and spends its minute beside them.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E_STACK.portalOrigin,
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    { name: 'chromium', workers: 1, testIgnore: /(leaks|idle|accounts)\//, use: { ...devices['Desktop Chrome'], launchOptions } },
    // Open pages nobody touches, on the stack whose sessions end after one idle minute.
    {
      name: 'idle',
      workers: 1,
      testMatch: /idle\/.*\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions, baseURL: E2E_IDLE_STACK.portalOrigin },
    },
    // Two AWS accounts (Production and Sandbox) on a stack of their own (issue #21).
    {
      name: 'accounts',
      workers: 1,
      testMatch: /accounts\/.*\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions, baseURL: E2E_ACCOUNTS_STACK.portalOrigin },
    },
    // Last: looks for every secret the run used in the portal's logs and database.
    { name: 'leaks', workers: 1, testMatch: /leaks\/.*\.spec\.ts/, dependencies: ['chromium'] },
  ],
  // KAGI_E2E_ROLE=1 runs the same suite in role mode (PORTAL_ROLE_ARN; `demo.mjs --role`).
  webServer: [
    { command: `node local/demo.mjs --e2e${roleMode}`, url: `${E2E_STACK.portalOrigin}/api/health` },
    { command: `node local/demo.mjs --e2e-idle${roleMode}`, url: `${E2E_IDLE_STACK.portalOrigin}/api/health` },
    { command: 'node local/demo.mjs --e2e-accounts', url: `${E2E_ACCOUNTS_STACK.portalOrigin}/api/health` },
  ].map((server) => ({ ...server, reuseExistingServer: !process.env.CI, timeout: 120_000, stdout: 'pipe' as const, stderr: 'pipe' as const })),
});
