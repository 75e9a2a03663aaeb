import {
  CreateUserCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  adminClient,
  allow,
  createUserWithKey,
  deny,
  expectIamError,
  policy,
  type StartedIam,
  startIam,
  stsClientFor,
  userArn,
} from '@/tests/support/local-iam';

let iam: StartedIam;
let admin: IAMClient;

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
  for (const name of ['target', 'target2']) {
    await admin.send(new CreateUserCommand({ UserName: name }));
  }
  await admin.send(new CreateUserCommand({ UserName: 'eng-target', Path: '/eng/' }));
  await admin.send(new CreateUserCommand({ UserName: 'ops-target', Path: '/ops/' }));
});

afterAll(async () => {
  await iam?.stop();
});

const denied = (who: string, op: string, resource: string, whoPath = '/') => ({
  name: 'AccessDenied',
  status: 403,
  message: `User: ${userArn(who, whoPath)} is not authorized to perform: iam:${op} on resource: ${resource}`,
});

describe('GetCallerIdentity', () => {
  it('for a user: the user ARN, the user’s unique id and the account', async () => {
    const uno = await createUserWithKey(admin, 'uno', { path: '/team/' });
    const me = await uno.sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Arn: userArn('uno', '/team/'),
      UserId: uno.user.UserId,
      Account: ACCOUNT_ID,
    });
  });

  it('for the admin key: the root ARN and the account id as UserId', async () => {
    const sts = stsClientFor(iam.url, iam.adminAccessKeyId, iam.adminSecretAccessKey);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Arn: `arn:aws:iam::${ACCOUNT_ID}:root`,
      UserId: ACCOUNT_ID,
      Account: ACCOUNT_ID,
    });
  });

  it('needs no permission: even a deny-everything policy does not block it', async () => {
    const locked = await createUserWithKey(admin, 'locked', { policy: policy(deny('*', '*')) });
    const me = await locked.sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(userArn('locked'));
    await expectIamError(locked.client.send(new GetUserCommand({})), {
      name: 'AccessDenied',
      status: 403,
    });
  });
});

describe('a user without any policy', () => {
  it('is denied everything in IAM, with the AWS message form', async () => {
    const bare = await createUserWithKey(admin, 'bare');
    await expectIamError(
      bare.client.send(new GetUserCommand({})),
      denied('bare', 'GetUser', userArn('bare')),
    );
    await expectIamError(
      bare.client.send(new ListAccessKeysCommand({ UserName: 'target' })),
      denied('bare', 'ListAccessKeys', userArn('target')),
    );
    await expectIamError(bare.client.send(new ListUsersCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: `User: ${userArn('bare')} is not authorized to perform: iam:ListUsers on resource:`,
    });
    await expectIamError(bare.client.send(new CreateUserCommand({ UserName: 'sneaky' })), {
      name: 'AccessDenied',
      status: 403,
      message: 'iam:CreateUser',
    });
    // and nothing happened
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'sneaky' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('the implicit-deny message says no identity-based policy allows the action', async () => {
    const bare2 = await createUserWithKey(admin, 'bare2');
    const error = await expectIamError(bare2.client.send(new GetUserCommand({})), {
      name: 'AccessDenied',
      status: 403,
    });
    expect(error.message).toContain('because no identity-based policy allows the iam:GetUser action');
  });

  it('the message carries the user’s path', async () => {
    const pathy = await createUserWithKey(admin, 'pathy', { path: '/a/b/' });
    await expectIamError(
      pathy.client.send(new GetUserCommand({})),
      denied('pathy', 'GetUser', userArn('pathy', '/a/b/'), '/a/b/'),
    );
  });
});

describe('inline policy evaluation', () => {
  it('an Allow on the user’s own ARN covers only that user', async () => {
    const own = await createUserWithKey(admin, 'own', {
      policy: policy(allow('iam:ListAccessKeys', userArn('own'))),
    });
    const mine = await own.client.send(new ListAccessKeysCommand({}));
    expect(mine.AccessKeyMetadata).toHaveLength(1);
    await expectIamError(
      own.client.send(new ListAccessKeysCommand({ UserName: 'target' })),
      denied('own', 'ListAccessKeys', userArn('target')),
    );
    // a different action on the same resource is still denied
    await expectIamError(
      own.client.send(new GetUserCommand({})),
      denied('own', 'GetUser', userArn('own')),
    );
  });

  it('Action wildcards: iam:List* allows List actions only', async () => {
    const lister = await createUserWithKey(admin, 'lister', {
      policy: policy(allow('iam:List*', '*')),
    });
    await lister.client.send(new ListUsersCommand({}));
    await lister.client.send(new ListUserTagsCommand({ UserName: 'target' }));
    await lister.client.send(new ListAccessKeysCommand({ UserName: 'target2' }));
    await expectIamError(
      lister.client.send(new GetUserCommand({ UserName: 'target' })),
      denied('lister', 'GetUser', userArn('target')),
    );
    await expectIamError(
      lister.client.send(new TagUserCommand({ UserName: 'target', Tags: [{ Key: 'a', Value: 'b' }] })),
      { name: 'AccessDenied', status: 403, message: 'iam:TagUser' },
    );
  });

  it('Action "*" / "iam:*" with Resource "*" allow everything', async () => {
    const star = await createUserWithKey(admin, 'star', { policy: policy(allow('*', '*')) });
    await star.client.send(new CreateUserCommand({ UserName: 'made-by-star' }));
    const iamStar = await createUserWithKey(admin, 'iamstar', { policy: policy(allow('iam:*', '*')) });
    await iamStar.client.send(new DeleteUserCommand({ UserName: 'made-by-star' }));
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'made-by-star' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('Action matching is case-insensitive, and ? matches one character', async () => {
    const ci = await createUserWithKey(admin, 'ci', {
      policy: policy(allow(['IAM:getuser', 'iam:ListUserTag?'], '*')),
    });
    await ci.client.send(new GetUserCommand({ UserName: 'target' }));
    await ci.client.send(new ListUserTagsCommand({ UserName: 'target' }));
  });

  it('${aws:username} in Resource resolves to the caller', async () => {
    const varUser = await createUserWithKey(admin, 'var-user', {
      policy: policy(
        allow(['iam:GetUser', 'iam:ListAccessKeys'], `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}`),
      ),
    });
    const { User } = await varUser.client.send(new GetUserCommand({}));
    expect(User?.UserName).toBe('var-user');
    await varUser.client.send(new ListAccessKeysCommand({ UserName: 'var-user' }));
    await expectIamError(
      varUser.client.send(new GetUserCommand({ UserName: 'target' })),
      denied('var-user', 'GetUser', userArn('target')),
    );
  });

  it('path-based resources: user/eng/* allows users under /eng/ only', async () => {
    const lead = await createUserWithKey(admin, 'eng-lead', {
      policy: policy(
        allow(['iam:GetUser', 'iam:ListAccessKeys'], `arn:aws:iam::${ACCOUNT_ID}:user/eng/*`),
      ),
    });
    const { User } = await lead.client.send(new GetUserCommand({ UserName: 'eng-target' }));
    expect(User?.Path).toBe('/eng/');
    await lead.client.send(new ListAccessKeysCommand({ UserName: 'eng-target' }));
    await expectIamError(
      lead.client.send(new GetUserCommand({ UserName: 'ops-target' })),
      denied('eng-lead', 'GetUser', userArn('ops-target', '/ops/')),
    );
    await expectIamError(
      lead.client.send(new GetUserCommand({ UserName: 'target' })),
      denied('eng-lead', 'GetUser', userArn('target')),
    );
  });

  it('an explicit Deny wins over an Allow, across statements and across policies', async () => {
    const mixed = await createUserWithKey(admin, 'mixed', {
      policy: policy(allow('iam:*', '*'), deny('iam:DeleteUser', '*')),
    });
    await admin.send(new CreateUserCommand({ UserName: 'survivor' }));
    const error = await expectIamError(
      mixed.client.send(new DeleteUserCommand({ UserName: 'survivor' })),
      denied('mixed', 'DeleteUser', userArn('survivor')),
    );
    expect(error.message).toContain('with an explicit deny in an identity-based policy');
    // other actions still allowed
    await mixed.client.send(new GetUserCommand({ UserName: 'survivor' }));

    // a second inline policy adds a deny on one user only
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'mixed',
        PolicyName: 'no-target',
        PolicyDocument: JSON.stringify(policy(deny('iam:GetUser', userArn('target')))),
      }),
    );
    await expectIamError(
      mixed.client.send(new GetUserCommand({ UserName: 'target' })),
      denied('mixed', 'GetUser', userArn('target')),
    );
    await mixed.client.send(new GetUserCommand({ UserName: 'target2' }));
  });

  it('removing the policy removes the permission', async () => {
    const temp = await createUserWithKey(admin, 'temp-perm', {
      policy: policy(allow('iam:ListUsers', '*')),
      policyName: 'lister',
    });
    await temp.client.send(new ListUsersCommand({}));
    await admin.send(new DeleteUserPolicyCommand({ UserName: 'temp-perm', PolicyName: 'lister' }));
    await expectIamError(temp.client.send(new ListUsersCommand({})), {
      name: 'AccessDenied',
      status: 403,
    });
  });

  it('a single statement object (not an array) with string Action/Resource evaluates', async () => {
    const single = await createUserWithKey(admin, 'single', {
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
      }),
    });
    await single.client.send(new GetUserCommand({ UserName: 'target' }));
  });

  it('the admin key may do everything', async () => {
    await admin.send(new GetUserCommand({ UserName: 'target' }));
    await admin.send(new ListAccessKeysCommand({ UserName: 'eng-target' }));
    await admin.send(new TagUserCommand({ UserName: 'ops-target', Tags: [{ Key: 'x', Value: 'y' }] }));
  });
});

describe('multi-valued condition keys: aws:TagKeys', () => {
  const tagKeysPolicy = (condition: Record<string, unknown>) =>
    policy({ ...allow(['iam:TagUser', 'iam:UntagUser'], '*'), Condition: condition });
  const tag = (Key: string) => ({ Key, Value: 'v' });

  it('ForAllValues:StringLike holds only when every tag key in the request matches; Null false requires some', async () => {
    const tagger = await createUserWithKey(admin, 'tagger-all', {
      policy: tagKeysPolicy({ 'ForAllValues:StringLike': { 'aws:TagKeys': 'AKIA????????????????' }, Null: { 'aws:TagKeys': 'false' } }),
    });
    await tagger.client.send(new TagUserCommand({ UserName: 'target', Tags: [tag('AKIAAAAAAAAAAAAAAAAA'), tag('AKIABBBBBBBBBBBBBBBB')] }));
    await tagger.client.send(new UntagUserCommand({ UserName: 'target', TagKeys: ['AKIAAAAAAAAAAAAAAAAA'] }));
    for (const command of [
      new TagUserCommand({ UserName: 'target', Tags: [tag('AKIACCCCCCCCCCCCCCCC'), tag('team')] }),
      new TagUserCommand({ UserName: 'target', Tags: [tag('AKIA-short')] }),
      new UntagUserCommand({ UserName: 'target', TagKeys: ['team'] }),
    ]) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of different commands
      await expectIamError(tagger.client.send(command as any), { name: 'AccessDenied', status: 403 });
    }
    const { Tags = [] } = await admin.send(new ListUserTagsCommand({ UserName: 'target' }));
    expect(Tags.map((t) => t.Key)).toEqual(['AKIABBBBBBBBBBBBBBBB']);
    await admin.send(new UntagUserCommand({ UserName: 'target', TagKeys: ['AKIABBBBBBBBBBBBBBBB'] }));
  });

  it('ForAnyValue:StringEquals holds when one tag key matches', async () => {
    const tagger = await createUserWithKey(admin, 'tagger-any', { policy: tagKeysPolicy({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }) });
    await tagger.client.send(new TagUserCommand({ UserName: 'target2', Tags: [tag('team'), tag('other')] }));
    await expectIamError(tagger.client.send(new TagUserCommand({ UserName: 'target2', Tags: [tag('other')] })), { name: 'AccessDenied', status: 403 });
    await admin.send(new UntagUserCommand({ UserName: 'target2', TagKeys: ['team', 'other'] }));
  });

  it('a Deny on ForAnyValue of a tag key wins over a broad Allow', async () => {
    const tagger = await createUserWithKey(admin, 'tagger-deny', {
      policy: policy(allow('iam:TagUser', '*'), { ...deny('iam:TagUser', '*'), Condition: { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': 'Role' } } }),
    });
    await tagger.client.send(new TagUserCommand({ UserName: 'target2', Tags: [tag('color')] }));
    await expectIamError(tagger.client.send(new TagUserCommand({ UserName: 'target2', Tags: [tag('color'), tag('role')] })), { name: 'AccessDenied', status: 403 });
    await admin.send(new UntagUserCommand({ UserName: 'target2', TagKeys: ['color'] }));
  });
});

describe('inline policy storage', () => {
  const doc = policy(
    allow(['iam:GetUser', 'iam:ListAccessKeys'], `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}`),
  );

  it('PutUserPolicy / GetUserPolicy round-trip the document (URL-encoded on the wire)', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'pol' }));
    const text = JSON.stringify(doc, null, 2);
    await admin.send(new PutUserPolicyCommand({ UserName: 'pol', PolicyName: 'self', PolicyDocument: text }));
    const got = await admin.send(new GetUserPolicyCommand({ UserName: 'pol', PolicyName: 'self' }));
    expect(got.UserName).toBe('pol');
    expect(got.PolicyName).toBe('self');
    // the SDK hands the document back still URL-encoded, as real IAM sends it
    expect(got.PolicyDocument).not.toContain('{');
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(doc);
  });

  it('ListUserPolicies lists names; a second put with the same name replaces the document', async () => {
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'pol',
        PolicyName: 'another',
        PolicyDocument: JSON.stringify(policy(allow('iam:ListUsers', '*'))),
      }),
    );
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'pol',
        PolicyName: 'self',
        PolicyDocument: JSON.stringify(policy(allow('iam:GetUser', '*'))),
      }),
    );
    const listed = await admin.send(new ListUserPoliciesCommand({ UserName: 'pol' }));
    expect(listed.PolicyNames?.slice().sort()).toEqual(['another', 'self']);
    expect(listed.IsTruncated).toBe(false);
    const got = await admin.send(new GetUserPolicyCommand({ UserName: 'pol', PolicyName: 'self' }));
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(policy(allow('iam:GetUser', '*')));
  });

  it('GetUserPolicy / DeleteUserPolicy on a missing policy is NoSuchEntity', async () => {
    await expectIamError(
      admin.send(new GetUserPolicyCommand({ UserName: 'pol', PolicyName: 'nope' })),
      { name: 'NoSuchEntityException', status: 404 },
    );
    await expectIamError(
      admin.send(new DeleteUserPolicyCommand({ UserName: 'pol', PolicyName: 'nope' })),
      { name: 'NoSuchEntityException', status: 404 },
    );
    await expectIamError(
      admin.send(new ListUserPoliciesCommand({ UserName: 'ghost' })),
      { name: 'NoSuchEntityException', status: 404, message: 'The user with name ghost cannot be found.' },
    );
  });

  it('DeleteUserPolicy removes it from the list', async () => {
    await admin.send(new DeleteUserPolicyCommand({ UserName: 'pol', PolicyName: 'another' }));
    const listed = await admin.send(new ListUserPoliciesCommand({ UserName: 'pol' }));
    expect(listed.PolicyNames).toEqual(['self']);
  });

  it('rejects a document that is not a policy with MalformedPolicyDocument', async () => {
    for (const bad of ['not json', '{"Statement": 42}', '{"Statement":[{"Effect":"Maybe","Action":"iam:GetUser","Resource":"*"}]}']) {
      await expectIamError(
        admin.send(new PutUserPolicyCommand({ UserName: 'pol', PolicyName: 'bad', PolicyDocument: bad })),
        { name: 'MalformedPolicyDocumentException', status: 400 },
      );
    }
    const listed = await admin.send(new ListUserPoliciesCommand({ UserName: 'pol' }));
    expect(listed.PolicyNames).toEqual(['self']);
  });
});
