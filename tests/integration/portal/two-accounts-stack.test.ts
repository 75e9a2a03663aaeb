import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * The stack with two accounts (local/stack.mjs `accounts: 'two'`): the local IAM endpoint
 * serves Production and Sandbox, and the portal is given KAGI_ACCOUNTS_FILE naming both. The
 * portal does not read the file yet; today it must start and serve Production as before.
 */

let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack({ role: true, accounts: 'two' });
});
afterAll(async () => {
  await stack?.stop();
});

describe("startPortalStack({ accounts: 'two' })", () => {
  it('writes the accounts file and hands its path to the portal as KAGI_ACCOUNTS_FILE', () => {
    expect(stack.iam.accounts.map((a) => a.accountId)).toEqual(['123456789012', '210987654321']);
    expect(JSON.parse(fs.readFileSync(stack.accountsFile!, 'utf8'))).toEqual({
      version: 1,
      accounts: [
        { id: '123456789012', name: 'Production' },
        { id: '210987654321', name: 'Sandbox', roleArn: 'arn:aws:iam::210987654321:role/kagi-portal-access' },
      ],
    });
    const env = fs.readFileSync(`/proc/${stack.instances[0]!.pid}/environ`, 'utf8').split('\0');
    expect(env).toContain(`KAGI_ACCOUNTS_FILE=${stack.accountsFile}`);
    expect(env).toContain(`AWS_ENDPOINT_URL_STS=${stack.iam.url}`);
  });

  it('the portal serves Production as before', async () => {
    const res = await stack.call('taro', '/api/me');
    expect(res.status).toBe(200);
  });
});
