import { readFile } from 'node:fs/promises';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  allow,
  clientFor,
  createUserWithKey,
  expectIamError,
  makeStateDir,
  policy,
  removeStateDir,
  type StartedIam,
  startIam,
  stsClientFor,
  userArn,
  type UserWithKey,
} from '@/tests/support/local-iam';

const PASSWORD = 'Persisted-Secret-Pw-7391';
const NEXT_PASSWORD = 'Persisted-Next-Pw-8462';

let dir: string;
let stateFile: string;
let first: StartedIam | undefined;
let second: StartedIam | undefined;
let pia: UserWithKey;
let inactiveKeyId: string;
let secondKeyOfDeleted: string;
let piaUserId: string | undefined;
let lastUsedBefore: Date | undefined;

const piaPolicy = policy(
  allow(['iam:GetUser', 'iam:ListAccessKeys'], userArn('pia', '/persist/')),
);

beforeAll(async () => {
  ({ dir, stateFile } = await makeStateDir());
  first = await startIam({ stateFile });
  const admin = adminClient(first);

  pia = await createUserWithKey(admin, 'pia', { path: '/persist/', policy: piaPolicy, policyName: 'self' });
  piaUserId = pia.user.UserId;
  await admin.send(
    new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }] }),
  );
  const spare = await admin.send(new CreateAccessKeyCommand({ UserName: 'pia' }));
  inactiveKeyId = spare.AccessKey!.AccessKeyId!;
  await admin.send(
    new UpdateAccessKeyCommand({ UserName: 'pia', AccessKeyId: inactiveKeyId, Status: 'Inactive' }),
  );
  await admin.send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 12,
      RequireNumbers: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 3,
    }),
  );
  await admin.send(
    new CreateLoginProfileCommand({ UserName: 'pia', Password: PASSWORD, PasswordResetRequired: true }),
  );
  // a user created then deleted must stay deleted
  await admin.send(new CreateUserCommand({ UserName: 'gone' }));
  const goneKey = await admin.send(new CreateAccessKeyCommand({ UserName: 'gone' }));
  secondKeyOfDeleted = goneKey.AccessKey!.AccessKeyId!;
  await admin.send(new DeleteAccessKeyCommand({ UserName: 'gone', AccessKeyId: secondKeyOfDeleted }));
  await admin.send(new DeleteUserCommand({ UserName: 'gone' }));
  // use pia's key once so there is a last-used record
  await pia.client.send(new ListAccessKeysCommand({}));
  lastUsedBefore = (
    await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: pia.accessKeyId }))
  ).AccessKeyLastUsed?.LastUsedDate;

  await first.stop();
  first = undefined;
  second = await startIam({ stateFile });
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  if (dir) await removeStateDir(dir);
});

describe('after a restart with the same state file', () => {
  it('the users are still there, with their ids, paths and tags', async () => {
    const admin = adminClient(second!);
    const { User } = await admin.send(new GetUserCommand({ UserName: 'pia' }));
    expect(User).toMatchObject({ UserName: 'pia', Path: '/persist/', UserId: piaUserId });
    const tagged = await admin.send(new GetUserCommand({ UserName: 'tagged' }));
    expect(tagged.User?.Tags).toEqual([{ Key: 'team', Value: 'blue' }]);
  });

  it('a deleted user stays deleted', async () => {
    const admin = adminClient(second!);
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'gone' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
    const { Users } = await admin.send(new ListUsersCommand({}));
    expect(Users?.map((u) => u.UserName).sort()).toEqual(['pia', 'tagged']);
  });

  it('keys keep their ids and statuses, and the old key still signs', async () => {
    const client = clientFor(second!.url, pia.accessKeyId, pia.secretAccessKey);
    const { AccessKeyMetadata } = await client.send(new ListAccessKeysCommand({}));
    const byId = Object.fromEntries((AccessKeyMetadata ?? []).map((k) => [k.AccessKeyId, k.Status]));
    expect(byId).toEqual({ [pia.accessKeyId]: 'Active', [inactiveKeyId]: 'Inactive' });
    const sts = stsClientFor(second!.url, pia.accessKeyId, pia.secretAccessKey);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(userArn('pia', '/persist/'));
  });

  it('the inactive key is still refused and the key quota still counts it', async () => {
    const admin = adminClient(second!);
    await expectIamError(admin.send(new CreateAccessKeyCommand({ UserName: 'pia' })), {
      name: 'LimitExceededException',
      status: 409,
    });
  });

  it('last-used data survives', async () => {
    const admin = adminClient(second!);
    const { AccessKeyLastUsed } = await admin.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: inactiveKeyId }),
    );
    expect(AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
    expect(lastUsedBefore).toBeInstanceOf(Date);
  });

  it('inline policies survive and still authorize', async () => {
    const admin = adminClient(second!);
    const got = await admin.send(new GetUserPolicyCommand({ UserName: 'pia', PolicyName: 'self' }));
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(piaPolicy);
    const client = clientFor(second!.url, pia.accessKeyId, pia.secretAccessKey);
    await expectIamError(client.send(new ListUsersCommand({})), { name: 'AccessDenied', status: 403 });
    const self = await client.send(new GetUserCommand({}));
    expect(self.User?.UserName).toBe('pia');
  });

  it('the account password policy survives', async () => {
    const admin = adminClient(second!);
    const { PasswordPolicy } = await admin.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 12,
      RequireNumbers: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 3,
    });
  });

  it('the login profile survives and the password still works as OldPassword', async () => {
    const admin = adminClient(second!);
    const profile = await admin.send(new GetLoginProfileCommand({ UserName: 'pia' }));
    expect(profile.LoginProfile?.PasswordResetRequired).toBe(true);
    const client = clientFor(second!.url, pia.accessKeyId, pia.secretAccessKey);
    await expectIamError(
      client.send(new ChangePasswordCommand({ OldPassword: 'wrong-password-1', NewPassword: NEXT_PASSWORD })),
      { name: 'AccessDenied', status: 403, message: 'The old password was incorrect.' },
    );
    await client.send(new ChangePasswordCommand({ OldPassword: PASSWORD, NewPassword: NEXT_PASSWORD }));
    // reuse history survived too: changing back to the first password is refused
    await expectIamError(
      client.send(new ChangePasswordCommand({ OldPassword: NEXT_PASSWORD, NewPassword: PASSWORD })),
      { name: 'PasswordPolicyViolationException', status: 400 },
    );
  });

  it('the state file never holds a clear password', async () => {
    // closing flushes whatever the server still holds in memory
    await second!.stop();
    const text = await readFile(stateFile, 'utf8');
    expect(text.length).toBeGreaterThan(0);
    expect(text).toContain('pia');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(NEXT_PASSWORD);
    // not base64/hex of it either
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('hex'));
  });

  it('a third start sees the password changed before the last close', async () => {
    const third = await startIam({ stateFile });
    try {
      const client = clientFor(third.url, pia.accessKeyId, pia.secretAccessKey);
      await expectIamError(
        client.send(new ChangePasswordCommand({ OldPassword: PASSWORD, NewPassword: 'Another-Pw-99999' })),
        { name: 'AccessDenied', status: 403, message: 'The old password was incorrect.' },
      );
      await client.send(
        new ChangePasswordCommand({ OldPassword: NEXT_PASSWORD, NewPassword: 'Another-Pw-99999' }),
      );
    } finally {
      await third.stop();
    }
  });
});

describe('without a state file', () => {
  it('a server starts empty and keeps nothing', async () => {
    const fresh = await startIam();
    try {
      const { Users } = await adminClient(fresh).send(new ListUsersCommand({}));
      expect(Users).toEqual([]);
    } finally {
      await fresh.stop();
    }
  });
});
