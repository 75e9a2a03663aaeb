// Tests run in order within this file; the account password policy is shared, so each test that
// needs one sets it explicitly (UpdateAccountPasswordPolicy replaces the whole policy) or deletes it.
import {
  ChangePasswordCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  type IAMClient,
  ListAccessKeysCommand,
  NoSuchEntityException,
  UpdateAccountPasswordPolicyCommand,
  type UpdateAccountPasswordPolicyCommandInput,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
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
  userArn,
  type UserWithKey,
} from '@/tests/support/local-iam';

let iam: StartedIam;
let admin: IAMClient;

const VIOLATION = { name: 'PasswordPolicyViolationException', status: 400 } as const;

async function setPolicy(input: UpdateAccountPasswordPolicyCommandInput): Promise<void> {
  await admin.send(new UpdateAccountPasswordPolicyCommand(input));
}

async function clearPolicy(): Promise<void> {
  try {
    await admin.send(new DeleteAccountPasswordPolicyCommand({}));
  } catch (error) {
    if (!(error instanceof NoSuchEntityException)) throw error;
  }
}

let seq = 0;
/** A fresh user with a login profile set to `password` (no reset required). */
async function userWithPassword(password: string, prefix = 'pw'): Promise<string> {
  seq += 1;
  const name = `${prefix}-${seq}`;
  await admin.send(new CreateUserCommand({ UserName: name }));
  await admin.send(new CreateLoginProfileCommand({ UserName: name, Password: password }));
  return name;
}

/** Asserts the admin may (or may not) set `password` for a fresh user, via CreateLoginProfile. */
async function expectCreateAccepted(password: string): Promise<void> {
  seq += 1;
  const name = `try-${seq}`;
  await admin.send(new CreateUserCommand({ UserName: name }));
  await admin.send(new CreateLoginProfileCommand({ UserName: name, Password: password }));
}

async function expectCreateRejected(password: string): Promise<void> {
  seq += 1;
  const name = `try-${seq}`;
  await admin.send(new CreateUserCommand({ UserName: name }));
  await expectIamError(
    admin.send(new CreateLoginProfileCommand({ UserName: name, Password: password })),
    { ...VIOLATION, message: 'Password does not conform to the account password policy.' },
  );
  // and no profile was created
  await expectIamError(admin.send(new GetLoginProfileCommand({ UserName: name })), {
    name: 'NoSuchEntityException',
    status: 404,
  });
}

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
});

afterAll(async () => {
  await iam?.stop();
});

describe('login profile lifecycle', () => {
  it('CreateLoginProfile returns the profile; GetLoginProfile shows it', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'lp' }));
    const before = Date.now();
    const created = await admin.send(
      new CreateLoginProfileCommand({
        UserName: 'lp',
        Password: 'Initial-Pass-1',
        PasswordResetRequired: true,
      }),
    );
    expect(created.LoginProfile).toMatchObject({ UserName: 'lp', PasswordResetRequired: true });
    expect(created.LoginProfile?.CreateDate?.getTime()).toBeGreaterThanOrEqual(before - 2000);
    expect(JSON.stringify(created)).not.toContain('Initial-Pass-1');

    const got = await admin.send(new GetLoginProfileCommand({ UserName: 'lp' }));
    expect(got.LoginProfile).toMatchObject({ UserName: 'lp', PasswordResetRequired: true });
  });

  it('PasswordResetRequired defaults to false', async () => {
    const name = await userWithPassword('Default-Reset-1');
    const got = await admin.send(new GetLoginProfileCommand({ UserName: name }));
    expect(got.LoginProfile?.PasswordResetRequired ?? false).toBe(false);
  });

  it('a second CreateLoginProfile is EntityAlreadyExists', async () => {
    await expectIamError(
      admin.send(new CreateLoginProfileCommand({ UserName: 'lp', Password: 'Another-Pass-2' })),
      { name: 'EntityAlreadyExistsException', status: 409 },
    );
  });

  it('UpdateLoginProfile changes only what it is given and keeps CreateDate', async () => {
    const before = await admin.send(new GetLoginProfileCommand({ UserName: 'lp' }));
    await admin.send(new UpdateLoginProfileCommand({ UserName: 'lp', PasswordResetRequired: false }));
    const after = await admin.send(new GetLoginProfileCommand({ UserName: 'lp' }));
    expect(after.LoginProfile?.PasswordResetRequired).toBe(false);
    expect(after.LoginProfile?.CreateDate?.getTime()).toBe(
      before.LoginProfile?.CreateDate?.getTime(),
    );
    await admin.send(
      new UpdateLoginProfileCommand({ UserName: 'lp', Password: 'Changed-Pass-3' }),
    );
    const again = await admin.send(new GetLoginProfileCommand({ UserName: 'lp' }));
    expect(again.LoginProfile?.PasswordResetRequired).toBe(false);
    expect(again.LoginProfile?.CreateDate?.getTime()).toBe(
      before.LoginProfile?.CreateDate?.getTime(),
    );
  });

  it('NoSuchEntity texts: unknown user vs. user without a password', async () => {
    await expectIamError(admin.send(new GetLoginProfileCommand({ UserName: 'ghost' })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name ghost cannot be found.',
    });
    await admin.send(new CreateUserCommand({ UserName: 'nopass' }));
    await expectIamError(admin.send(new GetLoginProfileCommand({ UserName: 'nopass' })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'Login Profile for User nopass cannot be found.',
    });
    await expectIamError(
      admin.send(new UpdateLoginProfileCommand({ UserName: 'nopass', Password: 'Some-Pass-44' })),
      { name: 'NoSuchEntityException', status: 404, message: 'Login Profile for User nopass' },
    );
    await expectIamError(admin.send(new DeleteLoginProfileCommand({ UserName: 'nopass' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
    await expectIamError(
      admin.send(new CreateLoginProfileCommand({ UserName: 'ghost', Password: 'Some-Pass-44' })),
      { name: 'NoSuchEntityException', status: 404, message: 'The user with name ghost cannot be found.' },
    );
  });

  it('DeleteLoginProfile removes the password but the user’s access keys keep working', async () => {
    const del = await createUserWithKey(admin, 'lp-del', {
      policy: policy(allow('iam:ListAccessKeys', userArn('lp-del'))),
    });
    await admin.send(new CreateLoginProfileCommand({ UserName: 'lp-del', Password: 'Delete-Me-55' }));
    await admin.send(new DeleteLoginProfileCommand({ UserName: 'lp-del' }));
    await expectIamError(admin.send(new GetLoginProfileCommand({ UserName: 'lp-del' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
    const keys = await del.client.send(new ListAccessKeysCommand({}));
    expect(keys.AccessKeyMetadata).toHaveLength(1);
    // a new profile can be created afterwards
    await admin.send(new CreateLoginProfileCommand({ UserName: 'lp-del', Password: 'Again-Pass-66' }));
  });

  it('rejects passwords outside the model: empty, over 128 chars, characters beyond U+00FF', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'model' }));
    for (const bad of ['', `Aa1!${'x'.repeat(125)}`, 'Abcdefg1!\u0100']) {
      await expectIamError(
        admin.send(new CreateLoginProfileCommand({ UserName: 'model', Password: bad })),
        { name: 'ValidationError', status: 400, message: 'password' },
      );
    }
    // a ValidationError must not echo the password
    const error = await expectIamError(
      admin.send(new CreateLoginProfileCommand({ UserName: 'model', Password: 'Secret\u0100Pass1!' })),
      { name: 'ValidationError', status: 400 },
    );
    expect(error.message).not.toContain('Secret');
  });
});

describe('default password policy (no custom policy set)', () => {
  beforeAll(clearPolicy);

  it('GetAccountPasswordPolicy is NoSuchEntity with IAM’s text', async () => {
    await expectIamError(admin.send(new GetAccountPasswordPolicyCommand({})), {
      name: 'NoSuchEntityException',
      status: 404,
      message: `The Password Policy with domain name ${ACCOUNT_ID} cannot be found.`,
    });
  });

  it('requires at least 8 characters', async () => {
    await expectCreateRejected('Aa1!bcd'); // 7 chars, all four classes
    await expectCreateAccepted('Aa1!bcde'); // 8
  });

  it('requires three of the four character classes', async () => {
    await expectCreateRejected('abcdefgh12'); // lower + number
    await expectCreateRejected('ABCDEFGH!!'); // upper + symbol
    await expectCreateAccepted('abcdefgH12'); // lower + upper + number
    await expectCreateAccepted('abcdefg!12'); // lower + symbol + number
    await expectCreateAccepted('ABCDEFG!12'); // upper + symbol + number
    await expectCreateAccepted('abcdeFG!!!'); // lower + upper + symbol
  });

  it('only IAM’s listed symbols count as symbols', async () => {
    await expectCreateRejected('abcdefg~12'); // ~ is not on the list: lower + number only
    await expectCreateRejected('abcdefg.12');
    await expectCreateAccepted("abcdefg'12"); // ' is on the list
  });

  it('applies to UpdateLoginProfile too', async () => {
    const name = await userWithPassword('Valid-Pass-11');
    await expectIamError(
      admin.send(new UpdateLoginProfileCommand({ UserName: name, Password: 'short' })),
      VIOLATION,
    );
    await expectIamError(
      admin.send(new UpdateLoginProfileCommand({ UserName: name, Password: 'alllowercase' })),
      VIOLATION,
    );
  });
});

describe('custom password policy', () => {
  afterAll(clearPolicy);

  it('GetAccountPasswordPolicy reflects a bare update: defaults, ExpirePasswords false, no optional members', async () => {
    await setPolicy({});
    const { PasswordPolicy } = await admin.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toEqual({
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      RequireNumbers: false,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
    });
  });

  it('shows every field that was set, and ExpirePasswords follows MaxPasswordAge', async () => {
    await setPolicy({
      MinimumPasswordLength: 12,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 5,
      HardExpiry: false,
    });
    const { PasswordPolicy } = await admin.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 12,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 5,
    });
  });

  it('is not a partial update: omitted fields return to their defaults', async () => {
    await setPolicy({ MinimumPasswordLength: 10 });
    const { PasswordPolicy } = await admin.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toEqual({
      MinimumPasswordLength: 10,
      RequireSymbols: false,
      RequireNumbers: false,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
    });
  });

  it('rejects out-of-range settings with ValidationError and keeps the old policy', async () => {
    const cases: Array<[UpdateAccountPasswordPolicyCommandInput, string]> = [
      [{ MinimumPasswordLength: 5 }, 'minimumPasswordLength'],
      [{ MinimumPasswordLength: 129 }, 'minimumPasswordLength'],
      [{ MaxPasswordAge: 0 }, 'maxPasswordAge'],
      [{ MaxPasswordAge: 1096 }, 'maxPasswordAge'],
      [{ PasswordReusePrevention: 0 }, 'passwordReusePrevention'],
      [{ PasswordReusePrevention: 25 }, 'passwordReusePrevention'],
    ];
    for (const [input, member] of cases) {
      await expectIamError(admin.send(new UpdateAccountPasswordPolicyCommand(input)), {
        name: 'ValidationError',
        status: 400,
        message: member,
      });
    }
    await expectIamError(
      admin.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 0 })),
      {
        name: 'ValidationError',
        status: 400,
        message: "at 'maxPasswordAge' failed to satisfy constraint: Member must have value greater than or equal to 1",
      },
    );
    const { PasswordPolicy } = await admin.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy?.MinimumPasswordLength).toBe(10);
  });

  it('a custom policy replaces the default: only length is checked unless a Require flag is set', async () => {
    await setPolicy({ MinimumPasswordLength: 6 });
    await expectCreateAccepted('aaaaaa'); // one class, would fail the default policy
    await expectCreateRejected('aaaaa');
  });

  it('MinimumPasswordLength', async () => {
    await setPolicy({ MinimumPasswordLength: 14 });
    await expectCreateRejected('abcdefghijklm'); // 13
    await expectCreateAccepted('abcdefghijklmn'); // 14
  });

  it('RequireSymbols (only the listed symbols count)', async () => {
    await setPolicy({ RequireSymbols: true });
    await expectCreateRejected('abcdefgh');
    await expectCreateRejected('abcdefg~');
    await expectCreateAccepted('abcdefg^');
  });

  it('RequireNumbers', async () => {
    await setPolicy({ RequireNumbers: true });
    await expectCreateRejected('abcdefgh');
    await expectCreateAccepted('abcdefg7');
  });

  it('RequireUppercaseCharacters (basic Latin only)', async () => {
    await setPolicy({ RequireUppercaseCharacters: true });
    await expectCreateRejected('abcdefgh');
    await expectCreateRejected('abcdefg\u00c9'); // É is not A-Z
    await expectCreateAccepted('abcdefgH');
  });

  it('RequireLowercaseCharacters', async () => {
    await setPolicy({ RequireLowercaseCharacters: true });
    await expectCreateRejected('ABCDEFGH');
    await expectCreateAccepted('ABCDEFGh');
  });

  it('applies to UpdateLoginProfile too', async () => {
    await setPolicy({ MinimumPasswordLength: 6 });
    const name = await userWithPassword('short1');
    await setPolicy({ MinimumPasswordLength: 10, RequireNumbers: true });
    await expectIamError(
      admin.send(new UpdateLoginProfileCommand({ UserName: name, Password: 'abcdefghij' })),
      VIOLATION,
    );
    await admin.send(new UpdateLoginProfileCommand({ UserName: name, Password: 'abcdefghi1' }));
  });

  it('DeleteAccountPasswordPolicy brings back NoSuchEntity and the default rules', async () => {
    await setPolicy({ MinimumPasswordLength: 6 });
    await admin.send(new DeleteAccountPasswordPolicyCommand({}));
    await expectIamError(admin.send(new GetAccountPasswordPolicyCommand({})), {
      name: 'NoSuchEntityException',
      status: 404,
    });
    await expectCreateRejected('aaaaaaaaaa');
    await expectIamError(admin.send(new DeleteAccountPasswordPolicyCommand({})), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });
});

describe('ChangePassword as the user, with their own key', () => {
  let carol: UserWithKey;
  const P0 = 'Carol-Start-01';

  beforeAll(async () => {
    await clearPolicy();
    carol = await createUserWithKey(admin, 'carol');
    await admin.send(
      new CreateLoginProfileCommand({ UserName: 'carol', Password: P0, PasswordResetRequired: true }),
    );
  });
  afterAll(clearPolicy);

  it('is denied with no custom policy and no inline policy', async () => {
    await expectIamError(
      carol.client.send(new ChangePasswordCommand({ OldPassword: P0, NewPassword: 'Carol-Next-02' })),
      {
        name: 'AccessDenied',
        status: 403,
        message: `User: ${userArn('carol')} is not authorized to perform: iam:ChangePassword on resource: ${userArn('carol')}`,
      },
    );
  });

  it('is denied when the policy has AllowUsersToChangePassword false', async () => {
    await setPolicy({ MinimumPasswordLength: 8, AllowUsersToChangePassword: false });
    await expectIamError(
      carol.client.send(new ChangePasswordCommand({ OldPassword: P0, NewPassword: 'Carol-Next-02' })),
      { name: 'AccessDenied', status: 403, message: 'iam:ChangePassword' },
    );
    await expectIamError(carol.client.send(new GetAccountPasswordPolicyCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: 'iam:GetAccountPasswordPolicy',
    });
  });

  it('with AllowUsersToChangePassword the user may read the policy', async () => {
    await setPolicy({ MinimumPasswordLength: 8, AllowUsersToChangePassword: true });
    const { PasswordPolicy } = await carol.client.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy?.AllowUsersToChangePassword).toBe(true);
  });

  it('a wrong old password is AccessDenied “The old password was incorrect.”', async () => {
    await expectIamError(
      carol.client.send(
        new ChangePasswordCommand({ OldPassword: 'not-my-password', NewPassword: 'Carol-Next-02' }),
      ),
      { name: 'AccessDenied', status: 403, message: 'The old password was incorrect.' },
    );
    // nothing changed
    const got = await admin.send(new GetLoginProfileCommand({ UserName: 'carol' }));
    expect(got.LoginProfile?.PasswordResetRequired).toBe(true);
  });

  it('a new password that breaks the policy is PasswordPolicyViolation', async () => {
    await expectIamError(
      carol.client.send(new ChangePasswordCommand({ OldPassword: P0, NewPassword: 'short' })),
      VIOLATION,
    );
  });

  it('succeeds with the right old password and clears PasswordResetRequired', async () => {
    await carol.client.send(
      new ChangePasswordCommand({ OldPassword: P0, NewPassword: 'Carol-Next-02' }),
    );
    const got = await admin.send(new GetLoginProfileCommand({ UserName: 'carol' }));
    expect(got.LoginProfile?.PasswordResetRequired).toBe(false);
  });

  it('after a change the old password no longer works and the new one does', async () => {
    await expectIamError(
      carol.client.send(new ChangePasswordCommand({ OldPassword: P0, NewPassword: 'Carol-Third-03' })),
      { name: 'AccessDenied', status: 403, message: 'The old password was incorrect.' },
    );
    await carol.client.send(
      new ChangePasswordCommand({ OldPassword: 'Carol-Next-02', NewPassword: 'Carol-Third-03' }),
    );
  });

  it('a password set by the admin through UpdateLoginProfile can then be used as OldPassword', async () => {
    await admin.send(
      new UpdateLoginProfileCommand({
        UserName: 'carol',
        Password: 'Admin-Reset-04',
        PasswordResetRequired: true,
      }),
    );
    await expectIamError(
      carol.client.send(
        new ChangePasswordCommand({ OldPassword: 'Carol-Third-03', NewPassword: 'Carol-Fifth-05' }),
      ),
      { name: 'AccessDenied', status: 403, message: 'The old password was incorrect.' },
    );
    await carol.client.send(
      new ChangePasswordCommand({ OldPassword: 'Admin-Reset-04', NewPassword: 'Carol-Fifth-05' }),
    );
    const got = await admin.send(new GetLoginProfileCommand({ UserName: 'carol' }));
    expect(got.LoginProfile?.PasswordResetRequired).toBe(false);
  });

  it('an explicit Deny wins over AllowUsersToChangePassword', async () => {
    const dan = await createUserWithKey(admin, 'dan', {
      policy: policy(deny('iam:ChangePassword', '*')),
    });
    await admin.send(new CreateLoginProfileCommand({ UserName: 'dan', Password: 'Dan-Start-01' }));
    await expectIamError(
      dan.client.send(new ChangePasswordCommand({ OldPassword: 'Dan-Start-01', NewPassword: 'Dan-Next-002' })),
      { name: 'AccessDenied', status: 403, message: 'iam:ChangePassword' },
    );
  });

  it('without AllowUsersToChangePassword, an inline policy on ${aws:username} allows it', async () => {
    await clearPolicy();
    const eve = await createUserWithKey(admin, 'eve', {
      policy: policy(
        allow('iam:ChangePassword', `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}`),
        allow('iam:GetAccountPasswordPolicy', '*'),
      ),
    });
    await admin.send(new CreateLoginProfileCommand({ UserName: 'eve', Password: 'Eve-Start-001' }));
    await eve.client.send(
      new ChangePasswordCommand({ OldPassword: 'Eve-Start-001', NewPassword: 'Eve-Next-0002' }),
    );
    // the default policy still applies to the new password
    await expectIamError(
      eve.client.send(new ChangePasswordCommand({ OldPassword: 'Eve-Next-0002', NewPassword: 'evenext2' })),
      VIOLATION,
    );
  });

  it('a user without a login profile gets NoSuchEntity', async () => {
    await setPolicy({ AllowUsersToChangePassword: true });
    const nopw = await createUserWithKey(admin, 'no-profile');
    await expectIamError(
      nopw.client.send(new ChangePasswordCommand({ OldPassword: 'whatever1', NewPassword: 'Whatever-22' })),
      {
        name: 'NoSuchEntityException',
        status: 404,
        message: 'Login Profile for User no-profile cannot be found.',
      },
    );
  });

  it('only changes the caller’s own password', async () => {
    await setPolicy({ AllowUsersToChangePassword: true });
    const fay = await createUserWithKey(admin, 'fay');
    await admin.send(new CreateLoginProfileCommand({ UserName: 'fay', Password: 'Fay-Start-001' }));
    const gil = await createUserWithKey(admin, 'gil');
    await admin.send(new CreateLoginProfileCommand({ UserName: 'gil', Password: 'Gil-Start-001' }));
    // fay cannot use gil's password as her old one
    await expectIamError(
      fay.client.send(new ChangePasswordCommand({ OldPassword: 'Gil-Start-001', NewPassword: 'Fay-Next-0002' })),
      { name: 'AccessDenied', status: 403, message: 'The old password was incorrect.' },
    );
    await fay.client.send(
      new ChangePasswordCommand({ OldPassword: 'Fay-Start-001', NewPassword: 'Fay-Next-0002' }),
    );
    // gil's password is untouched: gil can still use it as the old password
    await gil.client.send(
      new ChangePasswordCommand({ OldPassword: 'Gil-Start-001', NewPassword: 'Gil-Next-0002' }),
    );
  });

  it('the admin key (no IAM user) gets InvalidUserType', async () => {
    await expectIamError(
      admin.send(new ChangePasswordCommand({ OldPassword: 'Whatever-11', NewPassword: 'Whatever-22' })),
      { name: 'InvalidUserTypeException', status: 400 },
    );
  });
});

describe('password reuse prevention', () => {
  afterAll(clearPolicy);

  it('forbids the last N passwords, current one included, and allows older ones', async () => {
    await setPolicy({ MinimumPasswordLength: 8, AllowUsersToChangePassword: true, PasswordReusePrevention: 2 });
    const rita = await createUserWithKey(admin, 'rita');
    const P1 = 'Rita-Pass-001';
    const P2 = 'Rita-Pass-002';
    const P3 = 'Rita-Pass-003';
    await admin.send(new CreateLoginProfileCommand({ UserName: 'rita', Password: P1 }));
    const change = (oldPassword: string, newPassword: string) =>
      rita.client.send(new ChangePasswordCommand({ OldPassword: oldPassword, NewPassword: newPassword }));

    await expectIamError(change(P1, P1), VIOLATION); // current password
    await change(P1, P2);
    await expectIamError(change(P2, P1), VIOLATION); // P1 is one of the last 2
    await change(P2, P3);
    // history is now P3, P2: P1 is old enough again
    await change(P3, P1);
  });

  it('without PasswordReusePrevention the same password may be set again', async () => {
    await setPolicy({ MinimumPasswordLength: 8, AllowUsersToChangePassword: true });
    const sid = await createUserWithKey(admin, 'sid');
    await admin.send(new CreateLoginProfileCommand({ UserName: 'sid', Password: 'Sid-Pass-0001' }));
    await sid.client.send(
      new ChangePasswordCommand({ OldPassword: 'Sid-Pass-0001', NewPassword: 'Sid-Pass-0001' }),
    );
  });
});
