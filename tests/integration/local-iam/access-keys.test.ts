import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  type StatusType,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  allow,
  clientFor,
  createUserWithKey,
  expectIamError,
  policy,
  type StartedIam,
  startIam,
  stsClientFor,
  userArn,
} from '@/tests/support/local-iam';

let iam: StartedIam;
let admin: IAMClient;

const KEY_ID = /^AKIA[A-Z0-9]{16}$/;
const SECRET = /^[A-Za-z0-9+/]{40}$/;

const selfService = (name: string) =>
  policy(
    allow(
      [
        'iam:CreateAccessKey',
        'iam:ListAccessKeys',
        'iam:UpdateAccessKey',
        'iam:DeleteAccessKey',
        'iam:GetAccessKeyLastUsed',
      ],
      userArn(name),
    ),
  );

beforeAll(async () => {
  // STS answers for us-east-1 and, as a regional endpoint, for its own region.
  iam = await startIam({ stsRegion: 'ap-southeast-2' });
  admin = adminClient(iam);
});

afterAll(async () => {
  await iam?.stop();
});

describe('CreateAccessKey', () => {
  it('returns an active key with an AKIA id and a 40-character secret', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'kate' }));
    const before = Date.now();
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'kate' }));
    expect(AccessKey?.UserName).toBe('kate');
    expect(AccessKey?.Status).toBe('Active');
    expect(AccessKey?.AccessKeyId).toMatch(KEY_ID);
    expect(AccessKey?.SecretAccessKey).toMatch(SECRET);
    expect(AccessKey?.CreateDate).toBeInstanceOf(Date);
    expect(AccessKey!.CreateDate!.getTime()).toBeGreaterThanOrEqual(before - 2000);
  });

  it('generates distinct ids and secrets', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'uniq-1' }));
    await admin.send(new CreateUserCommand({ UserName: 'uniq-2' }));
    const keys = [];
    for (const user of ['uniq-1', 'uniq-1', 'uniq-2', 'uniq-2']) {
      keys.push((await admin.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!);
    }
    expect(new Set(keys.map((k) => k.AccessKeyId)).size).toBe(4);
    expect(new Set(keys.map((k) => k.SecretAccessKey)).size).toBe(4);
  });

  it('a new key signs requests straight away', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'fresh' }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'fresh' }));
    const sts = stsClientFor(iam.url, AccessKey!.AccessKeyId!, AccessKey!.SecretAccessKey!);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(userArn('fresh'));
  });

  it('enforces the quota of 2 keys, counting inactive keys too', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'quota' }));
    const first = await admin.send(new CreateAccessKeyCommand({ UserName: 'quota' }));
    await admin.send(new CreateAccessKeyCommand({ UserName: 'quota' }));
    await expectIamError(admin.send(new CreateAccessKeyCommand({ UserName: 'quota' })), {
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    await admin.send(
      new UpdateAccessKeyCommand({
        UserName: 'quota',
        AccessKeyId: first.AccessKey!.AccessKeyId,
        Status: 'Inactive',
      }),
    );
    await expectIamError(admin.send(new CreateAccessKeyCommand({ UserName: 'quota' })), {
      name: 'LimitExceededException',
      status: 409,
    });
    const { AccessKeyMetadata } = await admin.send(
      new ListAccessKeysCommand({ UserName: 'quota' }),
    );
    expect(AccessKeyMetadata).toHaveLength(2);
  });

  it('deleting a key frees a quota slot', async () => {
    const { AccessKeyMetadata } = await admin.send(
      new ListAccessKeysCommand({ UserName: 'quota' }),
    );
    await admin.send(
      new DeleteAccessKeyCommand({
        UserName: 'quota',
        AccessKeyId: AccessKeyMetadata![0]!.AccessKeyId,
      }),
    );
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'quota' }));
    expect(AccessKey?.AccessKeyId).toMatch(KEY_ID);
  });

  it('for an unknown user is NoSuchEntity', async () => {
    await expectIamError(admin.send(new CreateAccessKeyCommand({ UserName: 'ghost' })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name ghost cannot be found.',
    });
  });

  it('a user can create a key for themself without UserName when a policy allows it', async () => {
    const sam = await createUserWithKey(admin, 'sam', { policy: selfService('sam') });
    const { AccessKey } = await sam.client.send(new CreateAccessKeyCommand({}));
    expect(AccessKey?.UserName).toBe('sam');
    const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'sam' }));
    expect(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId).sort()).toEqual(
      [sam.accessKeyId, AccessKey!.AccessKeyId].sort(),
    );
  });
});

describe('ListAccessKeys', () => {
  it('lists metadata only, never secrets', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'lister' }));
    const a = (await admin.send(new CreateAccessKeyCommand({ UserName: 'lister' }))).AccessKey!;
    const b = (await admin.send(new CreateAccessKeyCommand({ UserName: 'lister' }))).AccessKey!;
    const result = await admin.send(new ListAccessKeysCommand({ UserName: 'lister' }));
    expect(result.IsTruncated).toBe(false);
    expect(result.AccessKeyMetadata).toHaveLength(2);
    expect(result.AccessKeyMetadata?.map((k) => k.AccessKeyId).sort()).toEqual(
      [a.AccessKeyId, b.AccessKeyId].sort(),
    );
    for (const key of result.AccessKeyMetadata ?? []) {
      expect(key).toMatchObject({ UserName: 'lister', Status: 'Active' });
      expect(key.CreateDate).toBeInstanceOf(Date);
      expect(key).not.toHaveProperty('SecretAccessKey');
    }
    expect(JSON.stringify(result)).not.toContain(a.SecretAccessKey);
  });

  it('an empty list for a user without keys; NoSuchEntity for an unknown user', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'keyless' }));
    const result = await admin.send(new ListAccessKeysCommand({ UserName: 'keyless' }));
    expect(result.AccessKeyMetadata).toEqual([]);
    expect(result.IsTruncated).toBe(false);
    await expectIamError(admin.send(new ListAccessKeysCommand({ UserName: 'ghost' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('pages with MaxItems 1', async () => {
    const first = await admin.send(new ListAccessKeysCommand({ UserName: 'lister', MaxItems: 1 }));
    expect(first.AccessKeyMetadata).toHaveLength(1);
    expect(first.IsTruncated).toBe(true);
    const second = await admin.send(
      new ListAccessKeysCommand({ UserName: 'lister', MaxItems: 1, Marker: first.Marker }),
    );
    expect(second.AccessKeyMetadata).toHaveLength(1);
    expect(second.AccessKeyMetadata![0]!.AccessKeyId).not.toBe(
      first.AccessKeyMetadata![0]!.AccessKeyId,
    );
    expect(second.IsTruncated).toBe(false);
  });

  it('without UserName lists the caller’s keys; the admin key must name a user', async () => {
    const lee = await createUserWithKey(admin, 'lee', { policy: selfService('lee') });
    const own = await lee.client.send(new ListAccessKeysCommand({}));
    expect(own.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([lee.accessKeyId]);
    await expectIamError(admin.send(new ListAccessKeysCommand({})), {
      name: 'ValidationError',
      status: 400,
      message: 'Must specify userName when calling with non-User credentials',
    });
  });
});

describe('UpdateAccessKey', () => {
  it('deactivates and reactivates a key; an inactive key cannot sign', async () => {
    const uma = await createUserWithKey(admin, 'uma', { policy: selfService('uma') });
    await admin.send(
      new UpdateAccessKeyCommand({ UserName: 'uma', AccessKeyId: uma.accessKeyId, Status: 'Inactive' }),
    );
    const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'uma' }));
    expect(listed.AccessKeyMetadata?.[0]?.Status).toBe('Inactive');
    await expectIamError(uma.client.send(new ListAccessKeysCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
    });
    await expectIamError(uma.sts.send(new GetCallerIdentityCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
    });

    await admin.send(
      new UpdateAccessKeyCommand({ UserName: 'uma', AccessKeyId: uma.accessKeyId, Status: 'Active' }),
    );
    const again = await uma.client.send(new ListAccessKeysCommand({}));
    expect(again.AccessKeyMetadata?.[0]?.Status).toBe('Active');
  });

  it('a user may deactivate the very key they sign with; later calls fail', async () => {
    const vic = await createUserWithKey(admin, 'vic', { policy: selfService('vic') });
    await vic.client.send(
      new UpdateAccessKeyCommand({ AccessKeyId: vic.accessKeyId, Status: 'Inactive' }),
    );
    await expectIamError(vic.client.send(new ListAccessKeysCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
    });
  });

  it('rejects a status outside [Active, Inactive]', async () => {
    const { AccessKeyMetadata } = await admin.send(new ListAccessKeysCommand({ UserName: 'uma' }));
    await expectIamError(
      admin.send(
        new UpdateAccessKeyCommand({
          UserName: 'uma',
          AccessKeyId: AccessKeyMetadata![0]!.AccessKeyId,
          Status: 'Disabled' as StatusType,
        }),
      ),
      { name: 'ValidationError', status: 400, message: 'enum value set: [Active, Inactive]' },
    );
  });

  it('another user’s key or an unknown key is NoSuchEntity', async () => {
    const owner = await createUserWithKey(admin, 'owner');
    await admin.send(new CreateUserCommand({ UserName: 'other' }));
    await expectIamError(
      admin.send(
        new UpdateAccessKeyCommand({
          UserName: 'other',
          AccessKeyId: owner.accessKeyId,
          Status: 'Inactive',
        }),
      ),
      {
        name: 'NoSuchEntityException',
        status: 404,
        message: `The Access Key with id ${owner.accessKeyId} cannot be found.`,
      },
    );
    await expectIamError(
      admin.send(
        new UpdateAccessKeyCommand({
          UserName: 'owner',
          AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA',
          Status: 'Inactive',
        }),
      ),
      { name: 'NoSuchEntityException', status: 404, message: 'AKIAAAAAAAAAAAAAAAAA' },
    );
    // the owner's key was not touched
    const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'owner' }));
    expect(listed.AccessKeyMetadata?.[0]?.Status).toBe('Active');
  });

  it('a user cannot reach someone else’s key through the caller default either', async () => {
    const owner2 = await createUserWithKey(admin, 'owner2');
    const thief = await createUserWithKey(admin, 'thief', { policy: selfService('thief') });
    await expectIamError(
      thief.client.send(
        new UpdateAccessKeyCommand({ AccessKeyId: owner2.accessKeyId, Status: 'Inactive' }),
      ),
      { name: 'NoSuchEntityException', status: 404 },
    );
    await expectIamError(
      thief.client.send(new DeleteAccessKeyCommand({ AccessKeyId: owner2.accessKeyId })),
      { name: 'NoSuchEntityException', status: 404 },
    );
    const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'owner2' }));
    expect(listed.AccessKeyMetadata).toEqual([
      expect.objectContaining({ AccessKeyId: owner2.accessKeyId, Status: 'Active' }),
    ]);
  });
});

describe('DeleteAccessKey', () => {
  it('removes the key; it no longer lists or signs', async () => {
    const del = await createUserWithKey(admin, 'del', { policy: selfService('del') });
    await admin.send(new DeleteAccessKeyCommand({ UserName: 'del', AccessKeyId: del.accessKeyId }));
    const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'del' }));
    expect(listed.AccessKeyMetadata).toEqual([]);
    await expectIamError(del.client.send(new ListAccessKeysCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
    });
  });

  it('deleting twice, or another user’s key, is NoSuchEntity', async () => {
    const victim = await createUserWithKey(admin, 'victim');
    await admin.send(new CreateUserCommand({ UserName: 'bystander' }));
    await expectIamError(
      admin.send(
        new DeleteAccessKeyCommand({ UserName: 'bystander', AccessKeyId: victim.accessKeyId }),
      ),
      {
        name: 'NoSuchEntityException',
        status: 404,
        message: `The Access Key with id ${victim.accessKeyId} cannot be found.`,
      },
    );
    await admin.send(
      new DeleteAccessKeyCommand({ UserName: 'victim', AccessKeyId: victim.accessKeyId }),
    );
    await expectIamError(
      admin.send(new DeleteAccessKeyCommand({ UserName: 'victim', AccessKeyId: victim.accessKeyId })),
      { name: 'NoSuchEntityException', status: 404 },
    );
  });
});

describe('GetAccessKeyLastUsed', () => {
  it('a never-used key reports N/A and no date', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'idle' }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'idle' }));
    const result = await admin.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKey!.AccessKeyId }),
    );
    expect(result.UserName).toBe('idle');
    expect(result.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
  });

  it('records service iam, the signing region and the date after the key signs an IAM call', async () => {
    const ray = await createUserWithKey(admin, 'ray', { policy: selfService('ray') });
    const start = Date.now();
    // IAM is global: a call to it is signed for us-east-1 (tests/integration/local-iam/signing-region.test.ts).
    const client = clientFor(iam.url, ray.accessKeyId, ray.secretAccessKey, { region: 'us-east-1' });
    await client.send(new ListAccessKeysCommand({}));
    const { UserName, AccessKeyLastUsed } = await admin.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: ray.accessKeyId }),
    );
    expect(UserName).toBe('ray');
    expect(AccessKeyLastUsed?.ServiceName).toBe('iam');
    expect(AccessKeyLastUsed?.Region).toBe('us-east-1');
    const used = AccessKeyLastUsed?.LastUsedDate?.getTime() ?? Number.NaN;
    // IAM may round to the minute
    expect(used).toBeGreaterThanOrEqual(Math.floor(start / 60_000) * 60_000);
    expect(used).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('records service sts after GetCallerIdentity', async () => {
    const sal = await createUserWithKey(admin, 'sal');
    const sts = stsClientFor(iam.url, sal.accessKeyId, sal.secretAccessKey, {
      region: 'ap-southeast-2',
    });
    await sts.send(new GetCallerIdentityCommand({}));
    const { AccessKeyLastUsed } = await admin.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: sal.accessKeyId }),
    );
    expect(AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'ap-southeast-2' });
    expect(AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
  });

  it('a user can read the last use of their own key, and it counts that call', async () => {
    const ida = await createUserWithKey(admin, 'ida', { policy: selfService('ida') });
    const result = await ida.client.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: ida.accessKeyId }),
    );
    expect(result.UserName).toBe('ida');
    // the call itself was signed by this key, so by the time it's answered (or the next call) it
    // has a last-used record
    const after = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: ida.accessKeyId }));
    expect(after.AccessKeyLastUsed?.ServiceName).toBe('iam');
    expect(after.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
  });

  it('a failed signature does not count as a use', async () => {
    const neo = await createUserWithKey(admin, 'neo');
    const forged = clientFor(iam.url, neo.accessKeyId, 'x'.repeat(40));
    await expectIamError(forged.send(new ListUsersCommand({})), {
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
    const { AccessKeyLastUsed } = await admin.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: neo.accessKeyId }),
    );
    expect(AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
  });

  it('an unknown key is NoSuchEntity', async () => {
    await expectIamError(
      admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAZZZZZZZZZZZZZZZZ' })),
      { name: 'NoSuchEntityException', status: 404 },
    );
  });
});
