import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateUserCommand, IAMClient, ListAccessKeysCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Accounts whose user names differ from Kagi's own: with `userTag` in the accounts file, a
 * person's user in Sandbox is the one whose IAM user tag holds their identity-provider subject
 * (here `taro`'s user there is called `yamada.t`), not the user of the same name.
 */
const SANDBOX = '210987654321';
let stack: PortalStack;
let sandboxAdmin: IAMClient;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-user-tag-'));
  const file = path.join(dir, 'accounts.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      accounts: [
        { id: '123456789012', name: 'Production' },
        { id: SANDBOX, name: 'Sandbox', roleArn: `arn:aws:iam::${SANDBOX}:role/kagi-portal-access`, userTag: { key: 'kagi-identity', claim: 'sub' } },
      ],
    }),
  );
  stack = await startPortalStack({ role: true, accounts: 'two', portalEnv: { KAGI_ACCOUNTS_FILE: file } });
  const admin = stack.iam.accounts[1]!;
  sandboxAdmin = new IAMClient({ endpoint: stack.iam.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: admin.adminAccessKeyId, secretAccessKey: admin.adminSecretAccessKey } });
  await sandboxAdmin.send(new CreateUserCommand({ UserName: 'yamada.t', Path: '/staff/' }));
  await sandboxAdmin.send(new TagUserCommand({ UserName: 'yamada.t', Tags: [{ Key: 'kagi-identity', Value: 'taro' }] }));
});
afterAll(async () => {
  sandboxAdmin?.destroy();
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('finding a person’s user by a tag', () => {
  it('links taro to the Sandbox user tagged with his subject, not to the one named like him', async () => {
    const taro = await signInForReal(stack.origin, 'taro', 'demo');
    const me = await (await fetch(`${stack.origin}/api/me`, { headers: { cookie: taro } })).json();
    expect(me.accounts).toEqual([
      { id: '123456789012', name: 'Production', iamUserName: 'taro' },
      { id: SANDBOX, name: 'Sandbox', iamUserName: 'yamada.t' },
    ]);
    const res = await fetch(`${stack.origin}/api/me/access-keys?account=${SANDBOX}`, {
      method: 'POST',
      headers: { cookie: taro, origin: stack.origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(201);
    const { accessKeyId } = await res.json();
    expect(((await sandboxAdmin.send(new ListAccessKeysCommand({ UserName: 'yamada.t' }))).AccessKeyMetadata ?? []).map((k) => k.AccessKeyId)).toEqual([accessKeyId]);
    expect((await sandboxAdmin.send(new ListAccessKeysCommand({ UserName: 'taro' }))).AccessKeyMetadata ?? []).toEqual([]);
  });

  it('someone no Sandbox user is tagged for has no Sandbox account', async () => {
    const hanako = await signInForReal(stack.origin, 'hanako', 'demo');
    const me = await (await fetch(`${stack.origin}/api/me`, { headers: { cookie: hanako } })).json();
    expect(me.accounts.map((a: { id: string }) => a.id)).toEqual(['123456789012']);
  });

  it('the help desk finds the tagged Sandbox user by the person’s real name and address, with both shown', async () => {
    const agent = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'], name: 'Sato Kenji' });
    for (const q of ['Taro Yamada', 'taro@example']) {
      const found = await (await fetch(`${stack.origin}/api/helpdesk/users?q=${encodeURIComponent(q)}`, { headers: { cookie: agent } })).json();
      expect(found.users.map((u: { userName: string; accountId: string; name: string }) => [u.userName, u.accountId, u.name])).toEqual([
        ['taro', '123456789012', 'Taro Yamada'],
        ['yamada.t', SANDBOX, 'Taro Yamada'],
      ]);
    }
  });
});
