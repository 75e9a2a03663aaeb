import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

import { AppError } from '@/lib/app-error';
import * as keys from '@/lib/iam/access-keys';
import * as consolePassword from '@/lib/iam/console-password';
import { asHelpdesk, asPerson } from '@/lib/iam/on-behalf';
import { getUser } from '@/lib/iam/users';
import { startLocalIam } from '@/local/iam/server.mjs';
import { seedDemo } from '@/local/seed.mjs';

/**
 * The confinement is IAM's, not Kagi's: Kagi's own IAM layer (lib/iam), in role mode, driven
 * as a bug would drive it, with another person's user name inside a person's role session.
 * The local endpoint evaluates deploy/role-policy.json with the session's tags and answers
 * AccessDenied; nothing changes.
 */

let iam: Awaited<ReturnType<typeof startLocalIam>>;
let admin: IAMClient;
let hanakoKey: string;
let moriKey: string;

beforeAll(async () => {
  iam = await startLocalIam({ port: 0 });
  const { accessKeyId, secretAccessKey, roleArn } = await seedDemo(iam, { role: true });
  admin = new IAMClient({ endpoint: iam.url, region: 'us-east-1', credentials: { accessKeyId: iam.adminAccessKeyId, secretAccessKey: iam.adminSecretAccessKey } });
  await admin.send(new CreateUserCommand({ UserName: 'jiro', Path: '/staff/sales/' }));
  hanakoKey = (await admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }))).AccessKey!.AccessKeyId!;
  moriKey = (await admin.send(new CreateAccessKeyCommand({ UserName: 'mori' }))).AccessKey!.AccessKeyId!;
  // lib/config reads these at its first use, below: the portal's role-mode settings.
  Object.assign(process.env, {
    NEXTAUTH_SECRET: 'x'.repeat(32),
    NEXTAUTH_URL: 'http://127.0.0.1:3999',
    OIDC_ISSUER: 'http://127.0.0.1:3998',
    OIDC_CLIENT_ID: 'kagi',
    OIDC_CLIENT_SECRET: 'secret',
    IAM_USER_PATH_PREFIX: '/staff/',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_IAM: iam.url,
    AWS_ENDPOINT_URL_STS: iam.url,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    PORTAL_ROLE_ARN: roleArn,
  });
});
afterAll(async () => {
  admin?.destroy();
  await iam?.close();
});

/** The call is refused by the endpoint itself: an AccessDenied from IAM, naming the role session. */
async function expectDeniedByIam(call: Promise<unknown>, session: string) {
  const error = await call.then(
    () => expect.fail('IAM allowed it'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('iam-denied');
  const cause = (error as AppError).cause as Error;
  expect(cause.name).toBe('AccessDenied');
  expect(cause.message).toContain(`assumed-role/kagi-portal-role/${session} is not authorized`);
}

async function keysOf(userName: string) {
  const { AccessKeyMetadata = [] } = await admin.send(new ListAccessKeysCommand({ UserName: userName }));
  return AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status]);
}

describe('a person’s role session', () => {
  it('reaches the person’s own user', async () => {
    expect(await asPerson('taro', () => keys.listAccessKeys('taro'))).toEqual([]);
    expect((await asPerson('jiro', () => getUser('jiro')))?.path).toBe('/staff/sales/');
  });

  it('with another person’s user name: AccessDenied from IAM for every self-service call, and nothing changed', async () => {
    const before = await keysOf('hanako');
    await expectDeniedByIam(asPerson('taro', () => keys.listAccessKeys('hanako')), 'self-taro');
    await expectDeniedByIam(asPerson('taro', () => keys.createAccessKey('hanako')), 'self-taro');
    await expectDeniedByIam(asPerson('taro', () => keys.setAccessKeyStatus('hanako', hanakoKey, 'Inactive')), 'self-taro');
    await expectDeniedByIam(asPerson('taro', () => keys.deleteAccessKey('hanako', hanakoKey)), 'self-taro');
    await expectDeniedByIam(asPerson('taro', () => keys.getAccessKeyLastUsed(hanakoKey)), 'self-taro');
    await expectDeniedByIam(asPerson('taro', () => consolePassword.setConsolePassword('hanako', 'Another-Persons-2026!', { passwordResetRequired: false })), 'self-taro');
    await expectDeniedByIam(asPerson('taro', () => consolePassword.getLoginProfile('hanako')), 'self-taro');
    // A name that only ends like the person's is another person too.
    await admin.send(new CreateUserCommand({ UserName: 'xtaro', Path: '/staff/' }));
    await expectDeniedByIam(asPerson('taro', () => keys.createAccessKey('xtaro')), 'self-taro');
    expect(await keysOf('hanako')).toEqual(before);
    expect(await keysOf('xtaro')).toEqual([]);
  });

  it('cannot use help-desk permissions: listing users is the help desk’s only', async () => {
    const { listUsers } = await import('@/lib/iam/users');
    await expectDeniedByIam(asPerson('taro', () => listUsers({ pathPrefix: '/staff/' })), 'self-taro');
    expect((await asHelpdesk('sato', { subject: null }, () => listUsers({ pathPrefix: '/staff/' }))).users.length).toBeGreaterThan(3);
  });
});

describe('a help-desk session', () => {
  it('changes only the case’s subject, and only under a ticket', async () => {
    await asHelpdesk('sato', { subject: 'hanako', ticket: 'INC-1' }, () => keys.setAccessKeyStatus('hanako', hanakoKey, 'Inactive'));
    expect(await keysOf('hanako')).toEqual([[hanakoKey, 'Inactive']]);
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    await expectDeniedByIam(asHelpdesk('sato', { subject: 'hanako', ticket: 'INC-1' }, () => keys.setAccessKeyStatus('taro', AccessKey!.AccessKeyId!, 'Inactive')), 'helpdesk-sato');
    await expectDeniedByIam(asHelpdesk('sato', { subject: 'hanako' }, () => keys.setAccessKeyStatus('hanako', hanakoKey, 'Active')), 'helpdesk-sato');
    expect(await keysOf('taro')).toEqual([[AccessKey!.AccessKeyId, 'Active']]);
    expect(await keysOf('hanako')).toEqual([[hanakoKey, 'Inactive']]);
  });

  it('never changes anyone under the protected path, even as the case’s subject', async () => {
    await expectDeniedByIam(asHelpdesk('sato', { subject: 'mori', ticket: 'INC-2' }, () => keys.setAccessKeyStatus('mori', moriKey, 'Inactive')), 'helpdesk-sato');
    await expectDeniedByIam(
      asHelpdesk('sato', { subject: 'mori', ticket: 'INC-2' }, () => consolePassword.enableConsolePassword('mori', 'Protected-Path-2026!', { passwordResetRequired: true })),
      'helpdesk-sato',
    );
    expect(await keysOf('mori')).toEqual([[moriKey, 'Active']]);
  });
});

describe('outside any on-behalf context', () => {
  it('an IAM call fails closed in role mode, before anything is sent', async () => {
    const before = iam.requestCount();
    const error = await keys.listAccessKeys('taro').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('internal');
    expect(iam.requestCount()).toBe(before);
  });
});
