import { CreateAccessKeyCommand, DeleteAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/tests/support/instances';
import { mailTo, oneMessageAfter } from '@/tests/support/mailbox';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * With two accounts, every notice and reminder names the account: a change's notice says in
 * which account it was made; one reminder message a day covers a person's keys in every
 * account, each with its account and a link that opens that account.
 */
const SANDBOX = '210987654321';
const TARO = 'taro@example.com';

let stack: PortalStack;
let taro: string;
let sandboxAdmin: IAMClient;

beforeAll(async () => {
  stack = await startPortalStack({ role: true, accounts: 'two', mail: true, heartbeatSeconds: 1 });
  const admin = stack.iam.accounts[1]!;
  sandboxAdmin = new IAMClient({ endpoint: stack.iam.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: admin.adminAccessKeyId, secretAccessKey: admin.adminSecretAccessKey } });
  taro = await signInForReal(stack.origin, 'taro', 'demo');
  for (const client of [stack.admin, sandboxAdmin]) {
    for (const key of (await client.send(new ListAccessKeysCommand({ UserName: 'taro' }))).AccessKeyMetadata ?? []) {
      await client.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: key.AccessKeyId! }));
    }
  }
});
afterAll(async () => {
  sandboxAdmin?.destroy();
  await stack?.stop();
});

const as = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.origin}${path}`, { ...init, headers: { cookie: taro, origin: stack.origin, 'content-type': 'application/json' } });

async function backdate(client: IAMClient, accountId: string | undefined, days: number): Promise<string> {
  const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
  const res = await fetch(`${stack.iam.url.replace(/\/$/, '')}/_local/backdate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-local-iam-admin-secret': stack.iam.adminSecretAccessKey },
    body: JSON.stringify({ accessKeyId: AccessKey!.AccessKeyId, days, ...(accountId ? { accountId } : {}) }),
  });
  expect(res.status).toBe(200);
  return AccessKey!.AccessKeyId!;
}

describe('notices and reminders with several accounts', () => {
  it('a change’s notice names the account it was made in', async () => {
    let keyId = '';
    const message = await oneMessageAfter(stack, TARO, async () => {
      const res = await as(`/api/me/access-keys?account=${SANDBOX}`, { method: 'POST', body: JSON.stringify({ description: 'try-outs' }) });
      expect(res.status).toBe(201);
      keyId = (await res.json()).accessKeyId;
    });
    expect(message.text).toContain('AWS account: Sandbox (210987654321)');
    expect(message.text).toContain(keyId);
    expect(message.html).toContain('Sandbox');
    await sandboxAdmin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: keyId }));
  });

  it('one reminder message covers the keys of both accounts, each named with its account and a link into it', async () => {
    const production = await backdate(stack.admin, undefined, 100);
    const sandbox = await backdate(sandboxAdmin, SANDBOX, 100);
    const before = mailTo(stack, TARO).length;
    await stack.db.updateTable('scheduled_runs').set({ last_finished_at: null }).where('name', '=', 'reminders').execute();
    await waitFor(async () => mailTo(stack, TARO).slice(before).some((m) => /need attention/.test(m.subject)), 30_000, 'the reminder');
    const reminders = mailTo(stack, TARO).slice(before).filter((m) => /need attention/.test(m.subject));
    expect(reminders).toHaveLength(1);
    const text = reminders[0]!.text;
    expect(text).toContain(production);
    expect(text).toContain(sandbox);
    expect(text).toContain('AWS account: Production (123456789012)');
    expect(text).toContain('AWS account: Sandbox (210987654321)');
    expect(text).toContain(`/keys/rotate?key=${sandbox}&account=${SANDBOX}`);
    expect(text).toContain(`/keys/rotate?key=${production}&account=123456789012`);
  });
});
