import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  type IAMClient,
  ListMFADevicesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  adminClient,
  allow,
  createUserWithKey,
  expectIamError,
  policy,
  type StartedIam,
  startIam,
  userArn,
} from '@/tests/support/local-iam';

let iam: StartedIam;
let admin: IAMClient;

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
});

afterAll(async () => {
  await iam?.stop();
});

describe('CreateUser and GetUser', () => {
  it('creates a user at the root path with an ARN, a unique ID and a creation date', async () => {
    const before = Date.now();
    const { User } = await admin.send(new CreateUserCommand({ UserName: 'alice' }));
    expect(User).toMatchObject({
      Path: '/',
      UserName: 'alice',
      Arn: `arn:aws:iam::${ACCOUNT_ID}:user/alice`,
    });
    expect(User?.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(User?.CreateDate).toBeInstanceOf(Date);
    expect(User!.CreateDate!.getTime()).toBeGreaterThanOrEqual(before - 2000);
    expect(User!.CreateDate!.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
    expect(User?.Tags).toBeUndefined();
  });

  it('puts the path into the ARN and returns the tags given at creation', async () => {
    const { User } = await admin.send(
      new CreateUserCommand({
        UserName: 'erin',
        Path: '/eng/',
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    expect(User?.Path).toBe('/eng/');
    expect(User?.Arn).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/eng/erin`);
    expect(User?.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);
  });

  it('GetUser returns the same user, with its tags', async () => {
    const created = await admin.send(
      new CreateUserCommand({ UserName: 'gus', Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    const { User } = await admin.send(new GetUserCommand({ UserName: 'gus' }));
    expect(User).toMatchObject({
      UserName: 'gus',
      Path: '/',
      UserId: created.User?.UserId,
      Arn: userArn('gus'),
      Tags: [{ Key: 'k', Value: 'v' }],
    });
    // Create may carry milliseconds and Get may not: same second either way
    expect(
      Math.abs(User!.CreateDate!.getTime() - created.User!.CreateDate!.getTime()),
    ).toBeLessThan(1000);
    // never signed in with a password
    expect(User?.PasswordLastUsed).toBeUndefined();
  });

  it('rejects a second user whose name differs only by case', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'Bob' }));
    await expectIamError(admin.send(new CreateUserCommand({ UserName: 'bob' })), {
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'already exists',
    });
    await expectIamError(admin.send(new CreateUserCommand({ UserName: 'Bob' })), {
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'User with name Bob already exists.',
    });
  });

  it('rejects invalid user names and paths with ValidationError', async () => {
    await expectIamError(admin.send(new CreateUserCommand({ UserName: 'a b' })), {
      name: 'ValidationError',
      status: 400,
      message: "Value 'a b' at 'userName' failed to satisfy constraint",
    });
    await expectIamError(admin.send(new CreateUserCommand({ UserName: 'x'.repeat(65) })), {
      name: 'ValidationError',
      status: 400,
      message: 'userName',
    });
    await expectIamError(admin.send(new CreateUserCommand({ UserName: 'ok', Path: 'eng' })), {
      name: 'ValidationError',
      status: 400,
      message: 'path',
    });
    await expectIamError(admin.send(new CreateUserCommand({ UserName: 'ok', Path: '/eng' })), {
      name: 'ValidationError',
      status: 400,
      message: 'path',
    });
    // nothing was created by the rejected calls
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'ok' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('accepts a 64-character name with every allowed punctuation mark', async () => {
    const name = `a+=,.@_-${'z'.repeat(56)}`;
    expect(name).toHaveLength(64);
    const { User } = await admin.send(new CreateUserCommand({ UserName: name }));
    expect(User?.UserName).toBe(name);
  });

  it('GetUser for an unknown name is NoSuchEntity with IAM’s text', async () => {
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'nobody' })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
  });

  it('GetUser without UserName returns the calling user', async () => {
    const hank = await createUserWithKey(admin, 'hank', {
      policy: policy(allow('iam:GetUser', userArn('hank'))),
    });
    const { User } = await hank.client.send(new GetUserCommand({}));
    expect(User?.UserName).toBe('hank');
    expect(User?.Arn).toBe(userArn('hank'));
  });

  it('GetUser without UserName as the admin key (no IAM user) is a ValidationError', async () => {
    await expectIamError(admin.send(new GetUserCommand({})), {
      name: 'ValidationError',
      status: 400,
      message: 'Must specify userName when calling with non-User credentials',
    });
  });
});

describe('ListUsers', () => {
  let lister: IAMClient;
  beforeAll(async () => {
    const names = ['lu-a', 'lu-b', 'lu-c', 'lu-d', 'lu-e'];
    for (const name of names) {
      await admin.send(
        new CreateUserCommand({
          UserName: name,
          Path: '/list/',
          Tags: [{ Key: 'hidden', Value: 'yes' }],
        }),
      );
    }
    await admin.send(new CreateUserCommand({ UserName: 'lu-ops', Path: '/list-ops/' }));
    lister = admin;
  });

  it('lists all users, without tags', async () => {
    const { Users, IsTruncated, Marker } = await lister.send(new ListUsersCommand({}));
    expect(IsTruncated).toBe(false);
    expect(Marker).toBeUndefined();
    const names = Users?.map((u) => u.UserName) ?? [];
    expect(names).toEqual(expect.arrayContaining(['alice', 'erin', 'lu-a', 'lu-e', 'lu-ops']));
    for (const user of Users ?? []) {
      expect(user.Tags, `${user.UserName} should be listed without tags`).toBeUndefined();
      expect(user.Arn).toBe(userArn(user.UserName!, user.Path));
      expect(user.UserId).toBeTruthy();
      expect(user.CreateDate).toBeInstanceOf(Date);
    }
  });

  it('filters by PathPrefix as a plain string prefix', async () => {
    const exact = await lister.send(new ListUsersCommand({ PathPrefix: '/list/' }));
    expect(exact.Users?.map((u) => u.UserName).sort()).toEqual([
      'lu-a',
      'lu-b',
      'lu-c',
      'lu-d',
      'lu-e',
    ]);
    const prefix = await lister.send(new ListUsersCommand({ PathPrefix: '/list' }));
    expect(prefix.Users?.map((u) => u.UserName).sort()).toEqual([
      'lu-a',
      'lu-b',
      'lu-c',
      'lu-d',
      'lu-e',
      'lu-ops',
    ]);
    const none = await lister.send(new ListUsersCommand({ PathPrefix: '/nothing-here/' }));
    expect(none.Users).toEqual([]);
    expect(none.IsTruncated).toBe(false);
  });

  it('pages with MaxItems and Marker, visiting every user exactly once', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await lister.send(
        new ListUsersCommand({ PathPrefix: '/list/', MaxItems: 2, Marker: marker }),
      );
      pages += 1;
      expect(page.Users!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Users!.map((u) => u.UserName!));
      if (page.IsTruncated) expect(page.Marker).toBeTruthy();
      else expect(page.Marker).toBeUndefined();
      marker = page.IsTruncated ? page.Marker : undefined;
      expect(pages).toBeLessThan(10);
    } while (marker);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen.sort()).toEqual(['lu-a', 'lu-b', 'lu-c', 'lu-d', 'lu-e']);
  });

  it('the first page of a truncated listing is truncated', async () => {
    const page = await lister.send(new ListUsersCommand({ PathPrefix: '/list/', MaxItems: 1 }));
    expect(page.Users).toHaveLength(1);
    expect(page.IsTruncated).toBe(true);
    expect(page.Marker).toEqual(expect.any(String));
  });

  it('rejects MaxItems out of range', async () => {
    await expectIamError(lister.send(new ListUsersCommand({ MaxItems: 0 })), {
      name: 'ValidationError',
      status: 400,
      message: 'greater than or equal to 1',
    });
    await expectIamError(lister.send(new ListUsersCommand({ MaxItems: 1001 })), {
      name: 'ValidationError',
      status: 400,
      message: 'less than or equal to 1000',
    });
  });

  it('rejects a marker it did not issue with a 400', async () => {
    const error = await lister
      .send(new ListUsersCommand({ Marker: 'not-a-marker-we-issued' }))
      .then(
        () => undefined,
        (e: { $metadata?: { httpStatusCode?: number } }) => e,
      );
    expect(error?.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('TagUser and ListUserTags', () => {
  beforeAll(async () => {
    await admin.send(new CreateUserCommand({ UserName: 'tina' }));
  });

  it('a user without tags lists an empty tag set', async () => {
    const { Tags, IsTruncated } = await admin.send(new ListUserTagsCommand({ UserName: 'tina' }));
    expect(Tags).toEqual([]);
    expect(IsTruncated).toBe(false);
  });

  it('adds tags and lists them sorted by key, empty values allowed', async () => {
    await admin.send(
      new TagUserCommand({
        UserName: 'tina',
        Tags: [
          { Key: 'zeta', Value: 'last' },
          { Key: 'alpha', Value: '' },
          { Key: 'cost-center', Value: 'a b:c/d=e+f@g_h.i' },
        ],
      }),
    );
    const { Tags } = await admin.send(new ListUserTagsCommand({ UserName: 'tina' }));
    expect(Tags).toEqual([
      { Key: 'alpha', Value: '' },
      { Key: 'cost-center', Value: 'a b:c/d=e+f@g_h.i' },
      { Key: 'zeta', Value: 'last' },
    ]);
  });

  it('overwrites an existing key case-insensitively and keeps the new case', async () => {
    await admin.send(new TagUserCommand({ UserName: 'tina', Tags: [{ Key: 'ZETA', Value: 'new' }] }));
    const { Tags } = await admin.send(new ListUserTagsCommand({ UserName: 'tina' }));
    expect(Tags).toHaveLength(3);
    expect(Tags).toContainEqual({ Key: 'ZETA', Value: 'new' });
    expect(Tags?.some((t) => t.Key === 'zeta')).toBe(false);
    const { User } = await admin.send(new GetUserCommand({ UserName: 'tina' }));
    expect(User?.Tags).toContainEqual({ Key: 'ZETA', Value: 'new' });
  });

  it('rejects duplicate keys within one request (case-insensitive) and changes nothing', async () => {
    await expectIamError(
      admin.send(
        new TagUserCommand({
          UserName: 'tina',
          Tags: [
            { Key: 'dup', Value: '1' },
            { Key: 'DUP', Value: '2' },
          ],
        }),
      ),
      { name: 'InvalidInputException', status: 400, message: 'Duplicate tag keys found' },
    );
    const { Tags } = await admin.send(new ListUserTagsCommand({ UserName: 'tina' }));
    expect(Tags?.map((t) => t.Key?.toLowerCase())).not.toContain('dup');
  });

  it('rejects a tag with a bad key or an over-long value and applies none of the batch', async () => {
    await expectIamError(
      admin.send(
        new TagUserCommand({
          UserName: 'tina',
          Tags: [
            { Key: 'good', Value: 'ok' },
            { Key: 'bad!key', Value: 'x' },
          ],
        }),
      ),
      { name: 'ValidationError', status: 400 },
    );
    await expectIamError(
      admin.send(
        new TagUserCommand({
          UserName: 'tina',
          Tags: [
            { Key: 'good', Value: 'ok' },
            { Key: 'long', Value: 'v'.repeat(257) },
          ],
        }),
      ),
      { name: 'ValidationError', status: 400 },
    );
    await expectIamError(
      admin.send(
        new TagUserCommand({ UserName: 'tina', Tags: [{ Key: 'k'.repeat(129), Value: 'x' }] }),
      ),
      { name: 'ValidationError', status: 400 },
    );
    const { Tags } = await admin.send(new ListUserTagsCommand({ UserName: 'tina' }));
    expect(Tags?.map((t) => t.Key)).not.toContain('good');
  });

  it('rejects more than 50 tags in one request, and a merge that passes 50', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'many-tags' }));
    const tags = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: String(i) }));
    await expectIamError(
      admin.send(new TagUserCommand({ UserName: 'many-tags', Tags: tags(51, 'k') })),
      { name: 'ValidationError', status: 400 },
    );
    await admin.send(new TagUserCommand({ UserName: 'many-tags', Tags: tags(50, 'k') }));
    // overwriting existing keys keeps the count at 50: allowed
    await admin.send(
      new TagUserCommand({ UserName: 'many-tags', Tags: [{ Key: 'K0', Value: 'again' }] }),
    );
    await expectIamError(
      admin.send(new TagUserCommand({ UserName: 'many-tags', Tags: tags(1, 'extra') })),
      { name: 'LimitExceededException', status: 409 },
    );
    const all = await admin.send(new ListUserTagsCommand({ UserName: 'many-tags' }));
    expect(all.Tags).toHaveLength(50);
  });

  it('pages tags with MaxItems', async () => {
    const first = await admin.send(new ListUserTagsCommand({ UserName: 'many-tags', MaxItems: 20 }));
    expect(first.Tags).toHaveLength(20);
    expect(first.IsTruncated).toBe(true);
    const keys = first.Tags!.map((t) => t.Key);
    let marker = first.Marker;
    while (marker) {
      const page = await admin.send(
        new ListUserTagsCommand({ UserName: 'many-tags', MaxItems: 20, Marker: marker }),
      );
      keys.push(...page.Tags!.map((t) => t.Key));
      marker = page.IsTruncated ? page.Marker : undefined;
    }
    expect(new Set(keys.map((k) => k?.toLowerCase())).size).toBe(50);
  });

  it('TagUser and ListUserTags on an unknown user are NoSuchEntity', async () => {
    await expectIamError(
      admin.send(new TagUserCommand({ UserName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })),
      { name: 'NoSuchEntityException', status: 404, message: 'The user with name ghost cannot be found.' },
    );
    await expectIamError(admin.send(new ListUserTagsCommand({ UserName: 'ghost' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });
});

describe('ListMFADevices', () => {
  it('a user without devices gets an empty, untruncated list', async () => {
    const { MFADevices, IsTruncated } = await admin.send(
      new ListMFADevicesCommand({ UserName: 'alice' }),
    );
    expect(MFADevices).toEqual([]);
    expect(IsTruncated).toBe(false);
  });

  it('defaults to the caller and fails for unknown users', async () => {
    const mia = await createUserWithKey(admin, 'mia', {
      policy: policy(allow('iam:ListMFADevices', userArn('mia'))),
    });
    const own = await mia.client.send(new ListMFADevicesCommand({}));
    expect(own.MFADevices).toEqual([]);
    await expectIamError(admin.send(new ListMFADevicesCommand({ UserName: 'ghost' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });
});

describe('DeleteUser', () => {
  it('refuses while the user has an access key, a login profile or an inline policy', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'dora' }));
    const key = await admin.send(new CreateAccessKeyCommand({ UserName: 'dora' }));
    await admin.send(
      new CreateLoginProfileCommand({ UserName: 'dora', Password: 'Correct-Horse-9' }),
    );
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'dora',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify(policy(allow('iam:GetUser', '*'))),
      }),
    );

    const conflict = { name: 'DeleteConflictException', status: 409 } as const;
    await expectIamError(admin.send(new DeleteUserCommand({ UserName: 'dora' })), conflict);
    await admin.send(
      new DeleteAccessKeyCommand({ UserName: 'dora', AccessKeyId: key.AccessKey!.AccessKeyId }),
    );
    await expectIamError(admin.send(new DeleteUserCommand({ UserName: 'dora' })), conflict);
    await admin.send(new DeleteLoginProfileCommand({ UserName: 'dora' }));
    await expectIamError(admin.send(new DeleteUserCommand({ UserName: 'dora' })), conflict);
    await admin.send(new DeleteUserPolicyCommand({ UserName: 'dora', PolicyName: 'p' }));

    await admin.send(new DeleteUserCommand({ UserName: 'dora' }));
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'dora' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('each blocker alone causes DeleteConflict', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'only-key' }));
    await admin.send(new CreateAccessKeyCommand({ UserName: 'only-key' }));
    await expectIamError(admin.send(new DeleteUserCommand({ UserName: 'only-key' })), {
      name: 'DeleteConflictException',
      status: 409,
    });
    await admin.send(new CreateUserCommand({ UserName: 'only-profile' }));
    await admin.send(
      new CreateLoginProfileCommand({ UserName: 'only-profile', Password: 'Correct-Horse-9' }),
    );
    await expectIamError(admin.send(new DeleteUserCommand({ UserName: 'only-profile' })), {
      name: 'DeleteConflictException',
      status: 409,
    });
    await admin.send(new CreateUserCommand({ UserName: 'only-policy' }));
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'only-policy',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify(policy(allow('iam:GetUser', '*'))),
      }),
    );
    await expectIamError(admin.send(new DeleteUserCommand({ UserName: 'only-policy' })), {
      name: 'DeleteConflictException',
      status: 409,
    });
  });

  it('deletes a user with only tags, frees the name, and unknown names are NoSuchEntity', async () => {
    await admin.send(
      new CreateUserCommand({ UserName: 'temp', Tags: [{ Key: 'a', Value: 'b' }] }),
    );
    await admin.send(new DeleteUserCommand({ UserName: 'temp' }));
    const again = await admin.send(new CreateUserCommand({ UserName: 'TEMP' }));
    expect(again.User?.UserName).toBe('TEMP');
    expect(again.User?.Tags).toBeUndefined();
    await expectIamError(admin.send(new DeleteUserCommand({ UserName: 'never-was' })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name never-was cannot be found.',
    });
  });
});
