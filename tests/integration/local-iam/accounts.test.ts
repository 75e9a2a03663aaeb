// Several AWS accounts on one local IAM endpoint: each account's state apart, an admin key each,
// credentials that belong to one account, STS AssumeRole across accounts as AWS evaluates it
// (the role's trust policy and the caller's own policy), and the trail's recipientAccountId.
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput, type Credentials } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalIam } from '@/local/iam/server.mjs';
import { DEMO_ACCOUNTS, SANDBOX_ACCOUNT_ID, seedDemo } from '@/local/seed.mjs';
import { allow, clientFor, createUserWithKey, expectIamError, makeStateDir, policy, removeStateDir, type UserWithKey } from '@/tests/support/local-iam';

const PROD = '123456789012';
const SANDBOX = '210987654321';

type Handle = Awaited<ReturnType<typeof startLocalIam>>;
let iam: Handle;
let prodAdmin: IAMClient;
let sandboxAdmin: IAMClient;
let portal: UserWithKey;

const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const stsWith = (c: Credentials) =>
  new STSClient({ region: 'us-east-1', endpoint: iam.url, maxAttempts: 1, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
const iamWith = (c: Credentials) =>
  new IAMClient({ region: 'us-east-1', endpoint: iam.url, maxAttempts: 1, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
const trust = (principal: string | string[], actions: string[] = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], condition?: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, ...(condition ? { Condition: condition } : {}) }] });
const assumeAs = (sts: STSClient, input: Partial<AssumeRoleCommandInput> & { RoleArn: string }) =>
  sts.send(new AssumeRoleCommand({ RoleSessionName: 'test', ...input }));
const STS_ALL = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

async function local(pathname: string) {
  const res = await fetch(`${iam.url}${pathname}`, { headers: { 'x-local-iam-admin-secret': iam.adminSecretAccessKey } });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  iam = await startLocalIam({ port: 0, accounts: [SANDBOX] });
  prodAdmin = clientFor(iam.url, iam.adminAccessKeyId, iam.adminSecretAccessKey);
  const second = iam.accounts[1]!;
  sandboxAdmin = clientFor(iam.url, second.adminAccessKeyId, second.adminSecretAccessKey);
  portal = await createUserWithKey(prodAdmin, 'portal', {
    path: '/service/',
    policy: policy(allow(STS_ALL, roleArn(SANDBOX, 'access'))),
  });
  // In Sandbox: Kagi's role there, trusting the portal user of Production, and one user.
  await sandboxAdmin.send(
    new CreateRoleCommand({ RoleName: 'access', AssumeRolePolicyDocument: trust(portal.arn, STS_ALL, { Null: { 'sts:SourceIdentity': 'false' } }) }),
  );
  await sandboxAdmin.send(new PutRolePolicyCommand({ RoleName: 'access', PolicyName: 'read', PolicyDocument: JSON.stringify(policy(allow(['iam:GetUser', 'iam:ListUsers'], '*'))) }));
  await sandboxAdmin.send(new CreateUserCommand({ UserName: 'sandbox-only', Path: '/staff/' }));
  await prodAdmin.send(new CreateUserCommand({ UserName: 'prod-only', Path: '/staff/' }));
});

afterAll(async () => {
  await iam.close();
});

describe('the accounts of one endpoint', () => {
  it('the handle lists each account with its own admin key, the first keeping today’s', () => {
    expect(iam.accountId).toBe(PROD);
    expect(iam.accounts).toEqual([
      { accountId: PROD, adminAccessKeyId: 'AKIAKAGILOCALADMIN00', adminSecretAccessKey: 'kagiLocalAdminSecretForDevelopmentOnly00' },
      { accountId: SANDBOX, adminAccessKeyId: 'AKIAKAGILOCALADMIN01', adminSecretAccessKey: 'kagiLocalAdminSecretForDevelopmentOnly01' },
    ]);
  });

  it('each admin key is its own account’s root', async () => {
    const sts = (a: { adminAccessKeyId: string; adminSecretAccessKey: string }) =>
      new STSClient({ region: 'us-east-1', endpoint: iam.url, maxAttempts: 1, credentials: { accessKeyId: a.adminAccessKeyId, secretAccessKey: a.adminSecretAccessKey } });
    expect(await sts(iam.accounts[0]!).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: PROD, Arn: `arn:aws:iam::${PROD}:root` });
    expect(await sts(iam.accounts[1]!).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: SANDBOX, Arn: `arn:aws:iam::${SANDBOX}:root`, UserId: SANDBOX });
  });

  it('a user made in one account is not in the other; the same name can live in both, apart', async () => {
    await expectIamError(sandboxAdmin.send(new GetUserCommand({ UserName: 'prod-only' })), { name: 'NoSuchEntityException', status: 404 });
    await expectIamError(prodAdmin.send(new GetUserCommand({ UserName: 'sandbox-only' })), { name: 'NoSuchEntityException', status: 404 });
    const names = async (c: IAMClient) => ((await c.send(new ListUsersCommand({}))).Users ?? []).map((u) => u.UserName);
    expect(await names(sandboxAdmin)).not.toContain('prod-only');
    expect(await names(prodAdmin)).not.toContain('sandbox-only');

    const a = await prodAdmin.send(new CreateUserCommand({ UserName: 'twin' }));
    const b = await sandboxAdmin.send(new CreateUserCommand({ UserName: 'twin' }));
    expect(a.User?.Arn).toBe(`arn:aws:iam::${PROD}:user/twin`);
    expect(b.User?.Arn).toBe(`arn:aws:iam::${SANDBOX}:user/twin`);
    expect(a.User?.UserId).not.toBe(b.User?.UserId);
  });

  it('the account password policy is per account', async () => {
    await prodAdmin.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14 }));
    await expectIamError(sandboxAdmin.send(new GetAccountPasswordPolicyCommand({})), {
      name: 'NoSuchEntityException',
      status: 404,
      message: `The Password Policy with domain name ${SANDBOX} cannot be found.`,
    });
  });

  it('an access key belongs to its account: it acts there, and the other account does not know it', async () => {
    const user = await createUserWithKey(sandboxAdmin, 'keyed');
    expect(await user.sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: SANDBOX, Arn: `arn:aws:iam::${SANDBOX}:user/keyed` });
    await expectIamError(prodAdmin.send(new ListAccessKeysCommand({ UserName: 'keyed' })), { name: 'NoSuchEntityException', status: 404 });
    await expectIamError(prodAdmin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: user.accessKeyId })), { name: 'NoSuchEntityException', status: 404 });
    expect((await sandboxAdmin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: user.accessKeyId }))).UserName).toBe('keyed');
  });

  it('a user allowed everything in its account still acts only there; a policy naming the other account’s users allows nothing here', async () => {
    const all = await createUserWithKey(prodAdmin, 'prod-power', { policy: policy(allow('iam:*', '*')) });
    await expectIamError(all.client.send(new GetUserCommand({ UserName: 'sandbox-only' })), { name: 'NoSuchEntityException', status: 404 });
    const other = await createUserWithKey(prodAdmin, 'prod-other', { policy: policy(allow('iam:GetUser', `arn:aws:iam::${SANDBOX}:user/*`)) });
    await expectIamError(other.client.send(new GetUserCommand({ UserName: 'twin' })), {
      name: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${PROD}:user/prod-other is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${PROD}:user/twin`,
    });
  });

  it('requestCount, seedMfaDevice and faults take an account', async () => {
    const before = iam.requestCount('ListUsers', SANDBOX);
    const beforeProd = iam.requestCount('ListUsers', PROD);
    await sandboxAdmin.send(new ListUsersCommand({}));
    expect(iam.requestCount('ListUsers', SANDBOX)).toBe(before + 1);
    expect(iam.requestCount('ListUsers', PROD)).toBe(beforeProd);

    iam.seedMfaDevice('sandbox-only', `arn:aws:iam::${SANDBOX}:u2f/user/sandbox-only/key-1`, SANDBOX);
    expect((await sandboxAdmin.send(new ListMFADevicesCommand({ UserName: 'sandbox-only' }))).MFADevices?.map((d) => d.SerialNumber)).toEqual([
      `arn:aws:iam::${SANDBOX}:u2f/user/sandbox-only/key-1`,
    ]);
    expect(() => iam.seedMfaDevice('sandbox-only')).toThrow(/no user/);

    iam.injectFault({ action: 'ListUsers', fault: 'Throttling', accountId: SANDBOX });
    await prodAdmin.send(new ListUsersCommand({})); // another account's call does not take it
    await expectIamError(sandboxAdmin.send(new ListUsersCommand({})), { name: 'Throttling', status: 400 });
  });
});

describe('/_local/* with accounts', () => {
  it('requests?account=, backdate and mfa-devices take an account; the second account’s admin secret opens them too', async () => {
    const second = iam.accounts[1]!;
    const post = (pathname: string, body: unknown, secret = second.adminSecretAccessKey) =>
      fetch(`${iam.url}${pathname}`, { method: 'POST', headers: { 'x-local-iam-admin-secret': secret, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const counts = await fetch(`${iam.url}/_local/requests?account=${SANDBOX}`, { headers: { 'x-local-iam-admin-secret': second.adminSecretAccessKey } });
    expect(counts.status).toBe(200);
    expect((await counts.json()).ListUsers).toBe(iam.requestCount('ListUsers', SANDBOX));

    const key = (await sandboxAdmin.send(new CreateAccessKeyCommand({ UserName: 'sandbox-only' }))).AccessKey!;
    expect((await post('/_local/backdate', { accessKeyId: key.AccessKeyId, days: 100 })).status).toBe(200);
    const listed = (await sandboxAdmin.send(new ListAccessKeysCommand({ UserName: 'sandbox-only' }))).AccessKeyMetadata!;
    expect(Date.now() - listed[0]!.CreateDate!.getTime()).toBeGreaterThan(99 * 86_400_000);
    // A user of Sandbox only: not found in the first account, found when the account is named.
    expect((await post('/_local/mfa-devices', { userName: 'sandbox-only', serialNumber: `arn:aws:iam::${SANDBOX}:u2f/user/sandbox-only/key-2` })).status).toBe(400);
    expect((await post('/_local/mfa-devices', { userName: 'sandbox-only', serialNumber: `arn:aws:iam::${SANDBOX}:u2f/user/sandbox-only/key-2`, accountId: SANDBOX })).status).toBe(200);
  });
});

describe('AssumeRole across accounts', () => {
  it('the trust policy names the caller and the caller’s own policy allows it: credentials of the target account, acting there only', async () => {
    const out = await assumeAs(portal.sts, { RoleArn: roleArn(SANDBOX, 'access'), RoleSessionName: 'self-taro', SourceIdentity: 'taro', Tags: [{ Key: 'kagi-subject', Value: 'taro' }] });
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${SANDBOX}:assumed-role/access/self-taro`);
    expect(out.SourceIdentity).toBe('taro');
    const creds = out.Credentials!;
    expect(await stsWith(creds).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: SANDBOX, Arn: `arn:aws:sts::${SANDBOX}:assumed-role/access/self-taro` });
    const session = iamWith(creds);
    expect((await session.send(new GetUserCommand({ UserName: 'sandbox-only' }))).User?.Arn).toBe(`arn:aws:iam::${SANDBOX}:user/staff/sandbox-only`);
    await expectIamError(session.send(new GetUserCommand({ UserName: 'prod-only' })), { name: 'NoSuchEntityException', status: 404 });
  });

  it('refused when the caller’s own policy does not allow sts:AssumeRole on the role, even though the trust policy names it', async () => {
    const bare = await createUserWithKey(prodAdmin, 'bare');
    await sandboxAdmin.send(new CreateRoleCommand({ RoleName: 'trusts-bare', AssumeRolePolicyDocument: trust(bare.arn) }));
    await expectIamError(assumeAs(bare.sts, { RoleArn: roleArn(SANDBOX, 'trusts-bare') }), {
      name: 'AccessDenied',
      status: 403,
      message: `User: ${bare.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(SANDBOX, 'trusts-bare')}`,
    });
    // In its own account, a trust policy naming the caller is enough, as today.
    await prodAdmin.send(new CreateRoleCommand({ RoleName: 'trusts-bare', AssumeRolePolicyDocument: trust(bare.arn) }));
    expect((await assumeAs(bare.sts, { RoleArn: roleArn(PROD, 'trusts-bare') })).Credentials).toBeDefined();
  });

  it('refused when the trust policy does not name the caller, whatever its own policy allows', async () => {
    const eager = await createUserWithKey(prodAdmin, 'eager', { policy: policy(allow('sts:*', '*')) });
    await expectIamError(assumeAs(eager.sts, { RoleArn: roleArn(SANDBOX, 'access'), SourceIdentity: 'eager' }), {
      name: 'AccessDenied',
      status: 403,
      message: `User: ${eager.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(SANDBOX, 'access')}`,
    });
  });

  it('session tags and a source identity need sts:TagSession and sts:SetSourceIdentity in the caller’s policy too', async () => {
    const onlyAssume = await createUserWithKey(prodAdmin, 'only-assume', { policy: policy(allow('sts:AssumeRole', roleArn(SANDBOX, 'trusts-only-assume'))) });
    await sandboxAdmin.send(new CreateRoleCommand({ RoleName: 'trusts-only-assume', AssumeRolePolicyDocument: trust(onlyAssume.arn) }));
    expect((await assumeAs(onlyAssume.sts, { RoleArn: roleArn(SANDBOX, 'trusts-only-assume') })).Credentials).toBeDefined();
    await expectIamError(assumeAs(onlyAssume.sts, { RoleArn: roleArn(SANDBOX, 'trusts-only-assume'), Tags: [{ Key: 'k', Value: 'v' }] }), {
      name: 'AccessDenied',
      status: 403,
      message: 'sts:TagSession',
    });
    await expectIamError(assumeAs(onlyAssume.sts, { RoleArn: roleArn(SANDBOX, 'trusts-only-assume'), SourceIdentity: 'someone' }), {
      name: 'AccessDenied',
      status: 403,
      message: 'sts:SetSourceIdentity',
    });
  });

  it('a trust policy naming the caller’s account root, with aws:PrincipalAccount; the caller’s policy with aws:ResourceAccount', async () => {
    const byAccount = await createUserWithKey(prodAdmin, 'by-account', {
      policy: policy({ ...allow('sts:AssumeRole', '*'), Condition: { StringEquals: { 'aws:ResourceAccount': SANDBOX } } }),
    });
    await sandboxAdmin.send(
      new CreateRoleCommand({ RoleName: 'trusts-prod', AssumeRolePolicyDocument: trust(`arn:aws:iam::${PROD}:root`, ['sts:AssumeRole'], { StringEquals: { 'aws:PrincipalAccount': PROD } }) }),
    );
    expect((await assumeAs(byAccount.sts, { RoleArn: roleArn(SANDBOX, 'trusts-prod') })).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${SANDBOX}:assumed-role/trusts-prod/test`);
    // The same policy allows nothing in another account's resources.
    const third = await createUserWithKey(prodAdmin, 'by-account-2', { policy: policy({ ...allow('sts:AssumeRole', '*'), Condition: { StringEquals: { 'aws:ResourceAccount': PROD } } }) });
    await expectIamError(assumeAs(third.sts, { RoleArn: roleArn(SANDBOX, 'trusts-prod') }), { name: 'AccessDenied', status: 403 });
  });

  it('a role in an account this endpoint does not serve: AccessDenied, as for any role the caller may not assume', async () => {
    const arn = roleArn('999999999999', 'access');
    await expectIamError(assumeAs(portal.sts, { RoleArn: arn, SourceIdentity: 'taro' }), {
      name: 'AccessDenied',
      status: 403,
      message: `User: ${portal.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    });
  });

  it('role chaining across accounts carries the source identity and the transitive tags', async () => {
    // Production: a role the portal assumes, whose sessions may assume Sandbox's "chained" role.
    await prodAdmin.send(new CreateRoleCommand({ RoleName: 'hop', AssumeRolePolicyDocument: trust(portal.arn) }));
    await prodAdmin.send(new PutRolePolicyCommand({ RoleName: 'hop', PolicyName: 'onward', PolicyDocument: JSON.stringify(policy(allow(STS_ALL, roleArn(SANDBOX, 'chained')))) }));
    await sandboxAdmin.send(new CreateRoleCommand({ RoleName: 'chained', AssumeRolePolicyDocument: trust(roleArn(PROD, 'hop')) }));
    await sandboxAdmin.send(
      new PutRolePolicyCommand({ RoleName: 'chained', PolicyName: 'own', PolicyDocument: JSON.stringify(policy(allow('iam:GetUser', `arn:aws:iam::${SANDBOX}:user/staff/\${aws:PrincipalTag/kagi-subject}`))) }),
    );
    const first = await assumeAs(portal.sts, {
      RoleArn: roleArn(PROD, 'hop'),
      RoleSessionName: 'hop',
      SourceIdentity: 'sandbox-only',
      Tags: [{ Key: 'kagi-subject', Value: 'sandbox-only' }],
      TransitiveTagKeys: ['kagi-subject'],
    });
    const second = await assumeAs(stsWith(first.Credentials!), { RoleArn: roleArn(SANDBOX, 'chained'), RoleSessionName: 'onward' });
    expect(second.SourceIdentity).toBe('sandbox-only');
    expect(second.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${SANDBOX}:assumed-role/chained/onward`);
    const chained = iamWith(second.Credentials!);
    expect((await chained.send(new GetUserCommand({ UserName: 'sandbox-only' }))).User?.UserName).toBe('sandbox-only');
    await expectIamError(chained.send(new GetUserCommand({ UserName: 'twin' })), { name: 'AccessDenied', status: 403 });
    // Another source identity cannot be set on the way.
    await expectIamError(assumeAs(stsWith(first.Credentials!), { RoleArn: roleArn(SANDBOX, 'chained'), SourceIdentity: 'someone-else' }), { name: 'AccessDenied', status: 403 });
  });
});

describe('the trail', () => {
  it('records recipientAccountId (the role’s account for AssumeRole) and userIdentity.accountId (the caller’s); filters by account', async () => {
    await fetch(`${iam.url}/_local/trail`, { method: 'DELETE', headers: { 'x-local-iam-admin-secret': iam.adminSecretAccessKey } });
    const out = await assumeAs(portal.sts, { RoleArn: roleArn(SANDBOX, 'access'), RoleSessionName: 'trail', SourceIdentity: 'taro' });
    await iamWith(out.Credentials!).send(new ListUsersCommand({}));
    await prodAdmin.send(new ListUsersCommand({}));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- trail events are JSON of many shapes
    const events = iam.trail() as Array<Record<string, any>>;
    expect(events.map((e) => [e.eventName, e.userIdentity.type, e.userIdentity.accountId, e.recipientAccountId])).toEqual([
      ['AssumeRole', 'IAMUser', PROD, SANDBOX],
      ['ListUsers', 'AssumedRole', SANDBOX, SANDBOX],
      ['ListUsers', 'Root', PROD, PROD],
    ]);
    expect(events[0]!.resources).toEqual([{ ARN: roleArn(SANDBOX, 'access'), accountId: SANDBOX, type: 'AWS::IAM::Role' }]);
    expect(events[1]!.userIdentity).toMatchObject({
      arn: `arn:aws:sts::${SANDBOX}:assumed-role/access/trail`,
      sessionContext: { sessionIssuer: { arn: roleArn(SANDBOX, 'access'), accountId: SANDBOX }, sourceIdentity: 'taro' },
    });
    expect(iam.trail({ accountId: SANDBOX }).map((e) => e.eventName)).toEqual(['AssumeRole', 'ListUsers']);
    expect(iam.trail({ callerAccountId: PROD }).map((e) => e.eventName)).toEqual(['AssumeRole', 'ListUsers']);
    const { status, json } = await local(`/_local/trail?account=${PROD}`);
    expect(status).toBe(200);
    expect((json.events as Array<{ eventName: string }>).map((e) => e.eventName)).toEqual(['ListUsers']);
    // A refused cross-account AssumeRole is recorded in the role's account too.
    const bare = await createUserWithKey(prodAdmin, 'bare-trail');
    await assumeAs(bare.sts, { RoleArn: roleArn(SANDBOX, 'access') }).catch(() => {});
    expect(iam.trail({ accountId: SANDBOX }).at(-1)).toMatchObject({ eventName: 'AssumeRole', errorCode: 'AccessDenied', userIdentity: { accountId: PROD } });
  });
});

describe('persistence', () => {
  it('a state file keeps every account apart; a single-account file loads into the first', async () => {
    const { dir, stateFile } = await makeStateDir();
    try {
      const one = await startLocalIam({ port: 0, stateFile });
      await clientFor(one.url, one.adminAccessKeyId, one.adminSecretAccessKey).send(new CreateUserCommand({ UserName: 'from-before' }));
      await one.close();

      const two = await startLocalIam({ port: 0, stateFile, accounts: [{ accountId: SANDBOX }] });
      const a = clientFor(two.url, two.adminAccessKeyId, two.adminSecretAccessKey);
      const b = clientFor(two.url, two.accounts[1]!.adminAccessKeyId, two.accounts[1]!.adminSecretAccessKey);
      expect((await a.send(new GetUserCommand({ UserName: 'from-before' }))).User?.Arn).toBe(`arn:aws:iam::${PROD}:user/from-before`);
      await expectIamError(b.send(new GetUserCommand({ UserName: 'from-before' })), { name: 'NoSuchEntityException', status: 404 });
      await b.send(new CreateUserCommand({ UserName: 'in-sandbox' }));
      const key = (await b.send(new CreateAccessKeyCommand({ UserName: 'in-sandbox' }))).AccessKey!;
      await two.close();

      const again = await startLocalIam({ port: 0, stateFile, accounts: [SANDBOX] });
      const b2 = clientFor(again.url, again.accounts[1]!.adminAccessKeyId, again.accounts[1]!.adminSecretAccessKey);
      expect((await b2.send(new GetUserCommand({ UserName: 'in-sandbox' }))).User?.Arn).toBe(`arn:aws:iam::${SANDBOX}:user/in-sandbox`);
      const user = new STSClient({ region: 'us-east-1', endpoint: again.url, maxAttempts: 1, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
      expect((await user.send(new GetCallerIdentityCommand({}))).Account).toBe(SANDBOX);
      await again.close();

      // Started with one account again, the first's state is there and the other's kept in the file.
      const single = await startLocalIam({ port: 0, stateFile });
      await expectIamError(clientFor(single.url, single.adminAccessKeyId, single.adminSecretAccessKey).send(new GetUserCommand({ UserName: 'in-sandbox' })), { name: 'NoSuchEntityException', status: 404 });
      await clientFor(single.url, single.adminAccessKeyId, single.adminSecretAccessKey).send(new CreateUserCommand({ UserName: 'later' }));
      await single.close();
      const back = await startLocalIam({ port: 0, stateFile, accounts: [SANDBOX] });
      const b3 = clientFor(back.url, back.accounts[1]!.adminAccessKeyId, back.accounts[1]!.adminSecretAccessKey);
      expect((await b3.send(new GetUserCommand({ UserName: 'in-sandbox' }))).User).toBeDefined();
      await back.close();
    } finally {
      await removeStateDir(dir);
    }
  });
});

describe('the demo seed with Sandbox', () => {
  it('seeds Sandbox beside Production; the portal principal assumes kagi-portal-access there as deploy/ describes it', async () => {
    const demo = await startLocalIam({ port: 0, accounts: [SANDBOX_ACCOUNT_ID] });
    try {
      const seeded = await seedDemo(demo, { role: true, sandbox: true });
      expect(seeded.accounts).toEqual(DEMO_ACCOUNTS);
      expect(DEMO_ACCOUNTS[1]).toEqual({ id: SANDBOX, name: 'Sandbox', roleArn: roleArn(SANDBOX, 'kagi-portal-access') });
      const prod = clientFor(demo.url, demo.adminAccessKeyId, demo.adminSecretAccessKey);
      const sandbox = clientFor(demo.url, demo.accounts[1]!.adminAccessKeyId, demo.accounts[1]!.adminSecretAccessKey);
      const paths = async (c: IAMClient) => ((await c.send(new ListUsersCommand({ PathPrefix: '/staff/' }))).Users ?? []).map((u) => `${u.Path}${u.UserName}`).sort();
      expect(await paths(sandbox)).toEqual(['/staff/helpdesk/mori', '/staff/helpdesk/sato', '/staff/taro']);
      expect(await paths(prod)).toEqual(['/staff/hanako', '/staff/helpdesk/mori', '/staff/helpdesk/sato', '/staff/taro']);
      await expectIamError(sandbox.send(new GetLoginProfileCommand({ UserName: 'taro' })), { name: 'NoSuchEntityException', status: 404 });
      expect((await prod.send(new GetLoginProfileCommand({ UserName: 'taro' }))).LoginProfile).toBeDefined();
      expect((await sandbox.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy).toMatchObject({ MinimumPasswordLength: 12, PasswordReusePrevention: 5 });

      const portalSts = new STSClient({ region: 'us-east-1', endpoint: demo.url, maxAttempts: 1, credentials: { accessKeyId: seeded.accessKeyId, secretAccessKey: seeded.secretAccessKey } });
      const tags = [{ Key: 'kagi-purpose', Value: 'self-service' }, { Key: 'kagi-subject', Value: 'taro' }];
      // Without a source identity, the trust policy refuses (its conditions are deploy/'s).
      await expectIamError(portalSts.send(new AssumeRoleCommand({ RoleArn: DEMO_ACCOUNTS[1]!.roleArn, RoleSessionName: 'self-taro', Tags: tags })), { name: 'AccessDenied', status: 403 });
      const out = await portalSts.send(new AssumeRoleCommand({ RoleArn: DEMO_ACCOUNTS[1]!.roleArn, RoleSessionName: 'self-taro', SourceIdentity: 'taro', Tags: tags }));
      const session = new IAMClient({
        region: 'us-east-1',
        endpoint: demo.url,
        maxAttempts: 1,
        credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! },
      });
      // deploy/role-policy.json lets a self-service session list the person's own keys, in Sandbox.
      expect((await session.send(new ListAccessKeysCommand({ UserName: 'taro' }))).AccessKeyMetadata).toEqual([]);
      await expectIamError(session.send(new ListAccessKeysCommand({ UserName: 'sato' })), { name: 'AccessDenied', status: 403 });
      // Production's role still works as before.
      expect((await portalSts.send(new AssumeRoleCommand({ RoleArn: seeded.roleArn!, RoleSessionName: 'self-taro', SourceIdentity: 'taro', Tags: tags }))).Credentials).toBeDefined();
      // Seeding again changes nothing.
      await seedDemo(demo, { role: true, sandbox: true });
      expect(await paths(sandbox)).toEqual(['/staff/helpdesk/mori', '/staff/helpdesk/sato', '/staff/taro']);
    } finally {
      await demo.close();
    }
  });

  it('an endpoint without Sandbox: the seed says so', async () => {
    const single = await startLocalIam({ port: 0 });
    try {
      await expect(seedDemo(single, { sandbox: true })).rejects.toThrow(/does not serve Sandbox \(210987654321\)/);
    } finally {
      await single.close();
    }
  });
});

describe('the CLI', () => {
  it('--extra-account-id serves more accounts and prints each with its admin key', async () => {
    const cli = path.resolve(import.meta.dirname, '../../../local/iam/cli.mjs');
    const child = spawn(process.execPath, [cli, '--port', '0', '--extra-account-id', SANDBOX, '--accounts', '333333333333'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 10_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('333333333333')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const lines = output.trim().split('\n');
      expect(lines[0]).toMatch(/^local IAM endpoint ready at http:\/\/127\.0\.0\.1:\d+ \(admin key AKIAKAGILOCALADMIN00\)$/);
      expect(lines.slice(1)).toEqual([
        'admin secret: kagiLocalAdminSecretForDevelopmentOnly00',
        `account ${PROD}: admin key AKIAKAGILOCALADMIN00, admin secret kagiLocalAdminSecretForDevelopmentOnly00`,
        `account ${SANDBOX}: admin key AKIAKAGILOCALADMIN01, admin secret kagiLocalAdminSecretForDevelopmentOnly01`,
        'account 333333333333: admin key AKIAKAGILOCALADMIN02, admin secret kagiLocalAdminSecretForDevelopmentOnly02',
      ]);
      const url = /ready at (\S+)/.exec(output)![1]!;
      const third = new STSClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1, credentials: { accessKeyId: 'AKIAKAGILOCALADMIN02', secretAccessKey: 'kagiLocalAdminSecretForDevelopmentOnly02' } });
      expect((await third.send(new GetCallerIdentityCommand({}))).Account).toBe('333333333333');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
