import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateLoginProfileCommand,
  CreateLoginProfileCommand,
  TagUserCommand,
  UntagUserCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  adminClient,
  allow,
  createUserWithKey,
  expectIamError,
  formBody,
  policy,
  rawRequest,
  signRequest,
  type StartedIam,
  startIam,
  type UserWithKey,
} from '@/tests/support/local-iam';

/**
 * Roles, STS AssumeRole and the temporary credentials it hands out, through the real SDK:
 * the trust policy decides who may assume a role (and tag the session, and set its source
 * identity); the role's policies, with `${aws:PrincipalTag/…}` and `${aws:SourceIdentity}`,
 * decide what the session may do; the trail records who did it.
 */

let iam: StartedIam;
let admin: IAMClient;
let portal: UserWithKey;
let stranger: UserWithKey;

const ROLE = 'kagi-test-role';
const roleArn = (name = ROLE, path = '/') => `arn:aws:iam::${ACCOUNT_ID}:role${path}${name}`;

const trustFor = (principalArn: string, extra: Array<Record<string, unknown>> = []) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principalArn }, Action: 'sts:AssumeRole' }, ...extra],
  });

/** The role the portal assumes: subject tags and a source identity, only with the expected keys. */
const portalTrust = () =>
  trustFor(portal.arn, [
    { Effect: 'Allow', Principal: { AWS: portal.arn }, Action: 'sts:SetSourceIdentity', Condition: { StringLike: { 'sts:SourceIdentity': '*' } } },
    {
      Effect: 'Allow',
      Principal: { AWS: portal.arn },
      Action: 'sts:TagSession',
      Condition: {
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['kagi-subject', 'kagi-purpose'] },
        StringLike: { 'aws:RequestTag/kagi-subject': '?*' },
      },
    },
  ]);

const confinedPolicy = JSON.stringify(
  policy(
    allow(['iam:ListAccessKeys', 'iam:CreateAccessKey'], ['arn:aws:iam::*:user/staff/${aws:PrincipalTag/kagi-subject}']),
    allow('iam:UpdateLoginProfile', 'arn:aws:iam::*:user/staff/${aws:SourceIdentity}'),
  ),
);

function sts(user: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): STSClient {
  return new STSClient({ endpoint: iam.url, region: 'us-east-1', maxAttempts: 1, credentials: user });
}
function iamWith(credentials: Credentials): IAMClient {
  return new IAMClient({
    endpoint: iam.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: credentials.AccessKeyId!, secretAccessKey: credentials.SecretAccessKey!, sessionToken: credentials.SessionToken! },
  });
}
const asSession = (credentials: Credentials) => ({
  accessKeyId: credentials.AccessKeyId!,
  secretAccessKey: credentials.SecretAccessKey!,
  sessionToken: credentials.SessionToken!,
});

async function assume(input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}, by: STSClient = portal.sts) {
  return by.send(
    new AssumeRoleCommand({
      RoleArn: roleArn(),
      RoleSessionName: 'self-alice',
      SourceIdentity: 'alice',
      Tags: [
        { Key: 'kagi-subject', Value: 'alice' },
        { Key: 'kagi-purpose', Value: 'self-service' },
      ],
      ...input,
    }),
  );
}

async function local(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${iam.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'x-local-iam-admin-secret': iam.adminSecretAccessKey, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
  portal = await createUserWithKey(admin, 'kagi-portal', { path: '/service/' });
  stranger = await createUserWithKey(admin, 'stranger');
  for (const name of ['alice', 'bob']) await admin.send(new CreateUserCommand({ UserName: name, Path: '/staff/' }));
  await admin.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Alice-Initial-2026!' }));
  await admin.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: portalTrust(), MaxSessionDuration: 7200 }));
  await admin.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'confined', PolicyDocument: confinedPolicy }));
});
afterAll(async () => {
  await iam?.stop();
});

describe('roles', () => {
  it('CreateRole and GetRole: ARN with its path, an AROA id, the trust policy URL-encoded as IAM returns it', async () => {
    const trust = trustFor(portal.arn);
    const { Role } = await admin.send(new CreateRoleCommand({ RoleName: 'pathed', Path: '/apps/', AssumeRolePolicyDocument: trust, Description: 'for a test' }));
    expect(Role).toMatchObject({ RoleName: 'pathed', Path: '/apps/', Arn: roleArn('pathed', '/apps/'), MaxSessionDuration: 3600, Description: 'for a test' });
    expect(Role!.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    const got = await admin.send(new GetRoleCommand({ RoleName: 'PATHED' }));
    expect(got.Role?.RoleId).toBe(Role!.RoleId);
    expect(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)).toBe(trust);
  });

  it('refuses a duplicate name, a trust policy with a Resource or without a Principal, and unknown roles', async () => {
    await expectIamError(admin.send(new CreateRoleCommand({ RoleName: ROLE.toUpperCase(), AssumeRolePolicyDocument: trustFor(portal.arn) })), {
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: `Role with name ${ROLE.toUpperCase()} already exists.`,
    });
    const withResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: portal.arn }, Action: 'sts:AssumeRole', Resource: '*' }] });
    await expectIamError(admin.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: withResource })), {
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'Has prohibited field Resource',
    });
    await expectIamError(admin.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: JSON.stringify(policy(allow('sts:AssumeRole', '*'))) })), {
      name: 'MalformedPolicyDocumentException',
      status: 400,
    });
    await expectIamError(admin.send(new GetRoleCommand({ RoleName: 'nope' })), { name: 'NoSuchEntityException', status: 404, message: 'The role with name nope cannot be found.' });
    await expectIamError(admin.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trustFor(portal.arn), MaxSessionDuration: 600 })), {
      name: 'ValidationError',
      status: 400,
    });
  });

  it('inline policies: put, get, list and delete; a role with policies cannot be deleted', async () => {
    await admin.send(new CreateRoleCommand({ RoleName: 'temp', AssumeRolePolicyDocument: trustFor(portal.arn) }));
    const doc = JSON.stringify(policy(allow('iam:GetUser', '*')));
    await admin.send(new PutRolePolicyCommand({ RoleName: 'temp', PolicyName: 'p1', PolicyDocument: doc }));
    expect((await admin.send(new ListRolePoliciesCommand({ RoleName: 'temp' }))).PolicyNames).toEqual(['p1']);
    const got = await admin.send(new GetRolePolicyCommand({ RoleName: 'temp', PolicyName: 'p1' }));
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(doc);
    await expectIamError(admin.send(new DeleteRoleCommand({ RoleName: 'temp' })), { name: 'DeleteConflictException', status: 409, message: 'must delete policies first' });
    await expectIamError(admin.send(new PutRolePolicyCommand({ RoleName: 'temp', PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17"}' })), {
      name: 'MalformedPolicyDocumentException',
      status: 400,
    });
    await admin.send(new DeleteRolePolicyCommand({ RoleName: 'temp', PolicyName: 'p1' }));
    await expectIamError(admin.send(new GetRolePolicyCommand({ RoleName: 'temp', PolicyName: 'p1' })), { name: 'NoSuchEntityException', status: 404 });
    await admin.send(new DeleteRoleCommand({ RoleName: 'temp' }));
    await expectIamError(admin.send(new GetRoleCommand({ RoleName: 'temp' })), { name: 'NoSuchEntityException', status: 404 });
  });

  it('role actions need permission like any other', async () => {
    await expectIamError(stranger.client.send(new GetRoleCommand({ RoleName: ROLE })), {
      name: 'AccessDenied',
      status: 403,
      message: `User: ${stranger.arn} is not authorized to perform: iam:GetRole on resource: ${roleArn()}`,
    });
  });
});

describe('AssumeRole', () => {
  it('gives temporary credentials (ASIA…, a token, an expiry) and GetCallerIdentity names the assumed role', async () => {
    const before = Date.now();
    const out = await assume({ DurationSeconds: 900 });
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials!.SessionToken!.length).toBeGreaterThan(100);
    const expires = out.Credentials!.Expiration!.getTime();
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 899_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 901_000);
    expect(out.SourceIdentity).toBe('alice');
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE}/self-alice`);
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    const { RoleId } = (await admin.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
    const me = await sts(asSession(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Arn: out.AssumedRoleUser!.Arn, UserId: `${RoleId}:self-alice`, Account: ACCOUNT_ID });
  });

  it('the trust policy decides: another user is refused, as is a role that does not exist', async () => {
    await expectIamError(assume({}, stranger.sts), {
      name: 'AccessDenied',
      status: 403,
      message: `User: ${stranger.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn()}`,
    });
    await expectIamError(assume({ RoleArn: roleArn('no-such-role') }), { name: 'AccessDenied', status: 403, message: 'sts:AssumeRole' });
  });

  it('a trust policy naming only the account also needs the caller’s own policy to allow sts:AssumeRole', async () => {
    await admin.send(new CreateRoleCommand({ RoleName: 'account-trust', AssumeRolePolicyDocument: trustFor(`arn:aws:iam::${ACCOUNT_ID}:root`) }));
    const input = { RoleArn: roleArn('account-trust'), RoleSessionName: 'x1', SourceIdentity: undefined, Tags: undefined };
    const caller = await createUserWithKey(admin, 'account-caller');
    await expectIamError(assume(input, caller.sts), { name: 'AccessDenied', status: 403 });
    const allowed = await createUserWithKey(admin, 'account-caller-2', { policy: policy(allow('sts:AssumeRole', roleArn('account-trust'))) });
    expect((await assume(input, allowed.sts)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('a source identity needs sts:SetSourceIdentity and tags need sts:TagSession, within the allowed keys', async () => {
    await admin.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: trustFor(portal.arn) }));
    const plain = { RoleArn: roleArn('plain') };
    await expectIamError(assume({ ...plain, Tags: undefined }), { name: 'AccessDenied', status: 403, message: 'sts:SetSourceIdentity' });
    await expectIamError(assume({ ...plain, SourceIdentity: undefined }), { name: 'AccessDenied', status: 403, message: 'sts:TagSession' });
    expect((await assume({ ...plain, SourceIdentity: undefined, Tags: undefined })).SourceIdentity).toBeUndefined();
    // On the portal's role: a tag key outside the list, or an empty subject, is refused.
    await expectIamError(assume({ Tags: [{ Key: 'kagi-subject', Value: 'alice' }, { Key: 'team', Value: 'x' }] }), {
      name: 'AccessDenied',
      status: 403,
      message: 'sts:TagSession',
    });
    await expectIamError(assume({ Tags: [{ Key: 'kagi-subject', Value: '' }] }), { name: 'AccessDenied', status: 403, message: 'sts:TagSession' });
    await expectIamError(assume({ Tags: [{ Key: 'kagi-subject', Value: 'a' }, { Key: 'KAGI-SUBJECT', Value: 'b' }] }), { name: 'ValidationError', status: 400, message: 'Duplicate tag keys' });
  });

  it('validates SourceIdentity, RoleSessionName and DurationSeconds as STS does', async () => {
    await expectIamError(assume({ SourceIdentity: 'a' }), { name: 'ValidationError', status: 400, message: "at 'sourceIdentity' failed to satisfy constraint: Member must have length greater than or equal to 2" });
    await expectIamError(assume({ SourceIdentity: 'alice smith' }), { name: 'ValidationError', status: 400, message: 'Member must satisfy regular expression pattern: [\\w+=,.@-]*' });
    await expectIamError(assume({ SourceIdentity: 'x'.repeat(65) }), { name: 'ValidationError', status: 400, message: 'less than or equal to 64' });
    await expectIamError(assume({ RoleSessionName: 'a/b' }), { name: 'ValidationError', status: 400, message: "at 'roleSessionName'" });
    await expectIamError(assume({ DurationSeconds: 899 }), { name: 'ValidationError', status: 400, message: 'greater than or equal to 900' });
    await expectIamError(assume({ DurationSeconds: 7201 }), {
      name: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    expect((await assume({ DurationSeconds: 7200 })).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('a session policy must be valid, and session policy and tags together must fit (PackedPolicyTooLarge)', async () => {
    await expectIamError(assume({ Policy: '{"Statement":[]}' }), { name: 'MalformedPolicyDocumentException', status: 400 });
    const big = Array.from({ length: 12 }, (_, i) => ({ Key: `kagi-subject${i}`, Value: 'v'.repeat(200) }));
    await expectIamError(assume({ Tags: big }), { name: 'PackedPolicyTooLargeException', status: 400, message: /Packed policy consumes \d+% of allotted space/ });
  });

  it('answers RegionDisabled when STS is off in the region (fault injection)', async () => {
    iam.injectFault({ action: 'AssumeRole', count: 1, fault: 'RegionDisabled' });
    await expectIamError(assume(), { name: 'RegionDisabledException', status: 403 });
  });
});

describe('temporary credentials', () => {
  it('are accepted only with their session token', async () => {
    const { Credentials } = await assume();
    const withoutToken = new STSClient({ endpoint: iam.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey! } });
    await expectIamError(withoutToken.send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId', status: 403 });
    const wrongToken = sts({ ...asSession(Credentials!), sessionToken: `${Credentials!.SessionToken!.slice(0, -4)}AAAA` });
    await expectIamError(wrongToken.send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId', status: 403 });
    // A long-term key with a session token is refused too.
    const body = formBody({ Action: 'GetCallerIdentity', Version: '2011-06-15' });
    const headers = signRequest({ url: iam.url, body, accessKeyId: portal.accessKeyId, secretAccessKey: portal.secretAccessKey, service: 'sts', extraSignedHeaders: { 'x-amz-security-token': 'anything' } });
    const res = await rawRequest(iam.url, { headers, body });
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>InvalidClientTokenId</Code>');
  });

  it('answer ExpiredToken once expired (a test control ends them now), and a lifetime cap shortens new ones', async () => {
    const { Credentials } = await assume();
    const client = iamWith(Credentials!);
    await client.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    const ended = await local('/_local/sessions', { method: 'POST', body: { expireNow: true } });
    expect(ended.json.expired).toBeGreaterThanOrEqual(1);
    await expectIamError(client.send(new ListAccessKeysCommand({ UserName: 'alice' })), {
      name: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    });
    await local('/_local/sessions', { method: 'POST', body: { lifetimeCapSeconds: 1 } });
    try {
      const short = await assume({ DurationSeconds: 3600 });
      expect(short.Credentials!.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
      await new Promise((r) => setTimeout(r, 1_100));
      await expectIamError(sts(asSession(short.Credentials!)).send(new GetCallerIdentityCommand({})), { name: 'ExpiredToken', status: 403 });
    } finally {
      await local('/_local/sessions', { method: 'POST', body: { lifetimeCapSeconds: null } });
    }
    expect((await local('/_local/sessions', { method: 'POST', body: { lifetimeCapSeconds: 0 } })).status).toBe(400);
    expect((await fetch(`${iam.url}/_local/sessions`)).status).toBe(403);
  });
});

describe('the role’s policies with session tags and the source identity', () => {
  it('${aws:PrincipalTag/kagi-subject} confines the session to that user; another user is AccessDenied', async () => {
    const { Credentials, AssumedRoleUser } = await assume();
    const client = iamWith(Credentials!);
    await client.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    await expectIamError(client.send(new ListAccessKeysCommand({ UserName: 'bob' })), {
      name: 'AccessDenied',
      status: 403,
      message: `User: ${AssumedRoleUser!.Arn} is not authorized to perform: iam:ListAccessKeys on resource: arn:aws:iam::${ACCOUNT_ID}:user/staff/bob`,
    });
    await expectIamError(client.send(new CreateAccessKeyCommand({ UserName: 'bob' })), { name: 'AccessDenied', status: 403 });
    expect((await admin.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata).toEqual([]);
  });

  it('${aws:SourceIdentity} works as a variable too', async () => {
    const client = iamWith((await assume()).Credentials!);
    await client.send(new UpdateLoginProfileCommand({ UserName: 'alice', Password: 'Alice-Changed-2026!' }));
    await expectIamError(client.send(new UpdateLoginProfileCommand({ UserName: 'bob', Password: 'Bob-Changed-2026!!' })), { name: 'AccessDenied', status: 403 });
  });

  it('a session policy narrows what the role allows', async () => {
    const narrowed = await assume({ Policy: JSON.stringify(policy(allow('iam:ListAccessKeys', '*'))) });
    const client = iamWith(narrowed.Credentials!);
    await client.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    await expectIamError(client.send(new CreateAccessKeyCommand({ UserName: 'alice' })), { name: 'AccessDenied', status: 403 });
  });

  it('role chaining keeps the source identity, which cannot be changed, and lasts at most an hour', async () => {
    await admin.send(
      new CreateRoleCommand({
        RoleName: 'second',
        MaxSessionDuration: 7200,
        AssumeRolePolicyDocument: trustFor(roleArn(), [{ Effect: 'Allow', Principal: { AWS: roleArn() }, Action: 'sts:SetSourceIdentity' }]),
      }),
    );
    await admin.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'chain', PolicyDocument: JSON.stringify(policy(allow('sts:AssumeRole', roleArn('second')))) }));
    const first = sts(asSession((await assume()).Credentials!));
    const chained = await first.send(new AssumeRoleCommand({ RoleArn: roleArn('second'), RoleSessionName: 'chained' }));
    expect(chained.SourceIdentity).toBe('alice');
    await expectIamError(first.send(new AssumeRoleCommand({ RoleArn: roleArn('second'), RoleSessionName: 'chained', SourceIdentity: 'mallory' })), {
      name: 'AccessDenied',
      status: 403,
      message: 'sts:SetSourceIdentity',
    });
    await expectIamError(first.send(new AssumeRoleCommand({ RoleArn: roleArn('second'), RoleSessionName: 'chained', DurationSeconds: 3601 })), {
      name: 'ValidationError',
      status: 400,
      message: '1 hour session limit for roles assumed by role chaining',
    });
  });

  it('aws:TagKeys and aws:RequestTag of TagUser / UntagUser: a session may set only the tag keys its policy names', async () => {
    await admin.send(
      new PutRolePolicyCommand({
        RoleName: ROLE,
        PolicyName: 'key-names',
        PolicyDocument: JSON.stringify(
          policy({
            Effect: 'Allow',
            Action: ['iam:TagUser', 'iam:UntagUser'],
            Resource: 'arn:aws:iam::*:user/staff/${aws:PrincipalTag/kagi-subject}',
            Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['AKIA*'] }, StringNotEquals: { 'aws:RequestTag/AKIAEXAMPLE000000001': 'forbidden' } },
          }),
        ),
      }),
    );
    const client = iamWith((await assume()).Credentials!);
    await client.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'AKIAEXAMPLE000000001', Value: 'laptop' }] }));
    await expectIamError(client.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'AKIAEXAMPLE000000002', Value: 'x' }, { Key: 'team', Value: 'admins' }] })), {
      name: 'AccessDenied',
      status: 403,
      message: 'iam:TagUser',
    });
    await expectIamError(client.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'AKIAEXAMPLE000000001', Value: 'forbidden' }] })), { name: 'AccessDenied', status: 403 });
    await expectIamError(client.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] })), { name: 'AccessDenied', status: 403, message: 'iam:UntagUser' });
    await client.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['AKIAEXAMPLE000000001'] }));
    expect((await admin.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags).toEqual([]);
    await admin.send(new DeleteRolePolicyCommand({ RoleName: ROLE, PolicyName: 'key-names' }));
  });

  it('UpdateAssumeRolePolicy changes who may assume the role at once', async () => {
    await admin.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'plain', PolicyDocument: trustFor(stranger.arn) }));
    await expectIamError(assume({ RoleArn: roleArn('plain'), SourceIdentity: undefined, Tags: undefined }), { name: 'AccessDenied', status: 403 });
    expect((await assume({ RoleArn: roleArn('plain'), SourceIdentity: undefined, Tags: undefined }, stranger.sts)).Credentials).toBeDefined();
  });
});

describe('GET /_local/trail', () => {
  it('records each call with CloudTrail’s userIdentity: the assumed role and its source identity, or the IAM user; errors by code; passwords hidden', async () => {
    await local('/_local/trail', { method: 'DELETE' });
    const { Credentials, AssumedRoleUser } = await assume({ RoleSessionName: 'trail-test' });
    const client = iamWith(Credentials!);
    await client.send(new UpdateLoginProfileCommand({ UserName: 'alice', Password: 'Alice-Trail-2026!!' }));
    await client.send(new ListAccessKeysCommand({ UserName: 'bob' })).catch(() => {});
    const { status, json } = await local('/_local/trail');
    expect(status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- trail events are JSON of many shapes
    const events = json.events as Array<Record<string, any>>;
    expect(events.map((e) => [e.action, e.userIdentity.type, e.errorCode ?? null])).toEqual([
      ['AssumeRole', 'IAMUser', null],
      ['UpdateLoginProfile', 'AssumedRole', null],
      ['ListAccessKeys', 'AssumedRole', 'AccessDenied'],
    ]);
    expect(events[0]).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      requestParameters: { roleArn: roleArn(), roleSessionName: 'trail-test', sourceIdentity: 'alice', tags: [{ key: 'kagi-subject', value: 'alice' }, { key: 'kagi-purpose', value: 'self-service' }] },
      userIdentity: { arn: portal.arn, userName: 'kagi-portal', accessKeyId: portal.accessKeyId },
    });
    expect(events[1]).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      requestParameters: { userName: 'alice', password: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      userIdentity: {
        type: 'AssumedRole',
        arn: AssumedRoleUser!.Arn,
        accessKeyId: Credentials!.AccessKeyId,
        sessionContext: { sourceIdentity: 'alice', sessionIssuer: { type: 'Role', arn: roleArn(), userName: ROLE } },
      },
    });
    expect(JSON.stringify(json)).not.toContain('Alice-Trail-2026!!');
    expect(JSON.stringify(json)).not.toContain(Credentials!.SecretAccessKey!);
    expect(JSON.stringify(json)).not.toContain(Credentials!.SessionToken!);
    expect(Date.parse(events[0]!.eventTime)).not.toBeNaN();
  });

  it('needs the admin header', async () => {
    expect((await fetch(`${iam.url}/_local/trail`)).status).toBe(403);
  });
});
