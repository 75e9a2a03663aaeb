// The AWS CLI v2 (Debian's /usr/bin/aws; the `aws` on PATH may be a pyenv shim) against the local
// endpoint: the routine a person would run by hand, once as the admin naming the user and once as
// the user with their own key. Results are checked through the SDK.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateLoginProfileCommand,
  GetLoginProfileCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  ChangePasswordCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  allow,
  consecutiveCodes,
  createUserWithKey,
  expectIamError,
  policy,
  type StartedIam,
  startIam,
  userArn,
  type UserWithKey,
} from '@/tests/support/local-iam';

const AWS = '/usr/bin/aws';

let iam: StartedIam;
let admin: IAMClient;
let wendy: UserWithKey;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function aws(args: string[], credentials: { id: string; secret: string }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      AWS,
      [...args, '--endpoint-url', iam.url, '--output', 'json'],
      {
        timeout: 25_000,
        env: {
          NODE_ENV: process.env.NODE_ENV ?? 'test',
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: credentials.id,
          AWS_SECRET_ACCESS_KEY: credentials.secret,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
          AWS_MAX_ATTEMPTS: '1',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function awsJson<T>(args: string[], credentials: { id: string; secret: string }): Promise<T> {
  const result = await aws(args, credentials);
  expect(result.code, `aws ${args.join(' ')} failed: ${result.stderr}`).toBe(0);
  return (result.stdout.trim() ? JSON.parse(result.stdout) : {}) as T;
}

async function awsOk(args: string[], credentials: { id: string; secret: string }): Promise<void> {
  const result = await aws(args, credentials);
  expect(result.code, `aws ${args.join(' ')} failed: ${result.stderr}`).toBe(0);
}

interface CliKey {
  AccessKey: { UserName: string; AccessKeyId: string; Status: string; SecretAccessKey: string; CreateDate: string };
}
interface CliKeyList {
  AccessKeyMetadata: Array<{ UserName: string; AccessKeyId: string; Status: string; CreateDate: string }>;
}

const keyStatuses = async (userName: string) => {
  const { AccessKeyMetadata } = await admin.send(new ListAccessKeysCommand({ UserName: userName }));
  return Object.fromEntries((AccessKeyMetadata ?? []).map((k) => [k.AccessKeyId, k.Status]));
};

beforeAll(async () => {
  if (!existsSync(AWS)) {
    throw new Error(
      `${AWS} is missing: these tests need the AWS CLI v2 from Debian (apt-get install awscli); CI installs it`,
    );
  }
  iam = await startIam();
  admin = adminClient(iam);
  await admin.send(
    new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10, AllowUsersToChangePassword: true }),
  );
  wendy = await createUserWithKey(admin, 'wendy', {
    path: '/cli/',
    policy: policy(
      allow(
        ['iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:GetUser'],
        `arn:aws:iam::${iam.accountId}:user/cli/\${aws:username}`,
      ),
    ),
  });
  await admin.send(
    new CreateLoginProfileCommand({ UserName: 'wendy', Password: 'Wendy-Start-1', PasswordResetRequired: true }),
  );
});

afterAll(async () => {
  await iam?.stop();
});

describe('aws iam as the admin, naming the user', () => {
  const asAdmin = () => ({ id: iam.adminAccessKeyId, secret: iam.adminSecretAccessKey });
  let keyId = '';

  it('create-access-key prints the new key, which the SDK then lists', async () => {
    const { AccessKey } = await awsJson<CliKey>(['iam', 'create-access-key', '--user-name', 'wendy'], asAdmin());
    expect(AccessKey.UserName).toBe('wendy');
    expect(AccessKey.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(AccessKey.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(AccessKey.Status).toBe('Active');
    expect(AccessKey.CreateDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    keyId = AccessKey.AccessKeyId;
    expect(await keyStatuses('wendy')).toEqual({ [wendy.accessKeyId]: 'Active', [keyId]: 'Active' });
  });

  it('list-access-keys shows both keys', async () => {
    const { AccessKeyMetadata } = await awsJson<CliKeyList>(
      ['iam', 'list-access-keys', '--user-name', 'wendy'],
      asAdmin(),
    );
    expect(AccessKeyMetadata.map((k) => k.AccessKeyId).sort()).toEqual([wendy.accessKeyId, keyId].sort());
  });

  it('a third create-access-key fails with the CLI’s error line and exit code 254', async () => {
    const result = await aws(['iam', 'create-access-key', '--user-name', 'wendy'], asAdmin());
    expect(result.code).toBe(254);
    // with AWS_MAX_ATTEMPTS=1 the CLI inserts " (reached max retries: 0)" before the colon
    expect(result.stderr).toMatch(
      /An error occurred \(LimitExceeded\) when calling the CreateAccessKey operation( \(reached max retries: \d+\))?: Cannot exceed quota for AccessKeysPerUser: 2/,
    );
  });

  it('update-access-key --status Inactive then Active', async () => {
    await awsOk(
      ['iam', 'update-access-key', '--user-name', 'wendy', '--access-key-id', keyId, '--status', 'Inactive'],
      asAdmin(),
    );
    expect((await keyStatuses('wendy'))[keyId]).toBe('Inactive');
    await awsOk(
      ['iam', 'update-access-key', '--user-name', 'wendy', '--access-key-id', keyId, '--status', 'Active'],
      asAdmin(),
    );
    expect((await keyStatuses('wendy'))[keyId]).toBe('Active');
  });

  it('delete-access-key removes it', async () => {
    await awsOk(['iam', 'delete-access-key', '--user-name', 'wendy', '--access-key-id', keyId], asAdmin());
    expect(await keyStatuses('wendy')).toEqual({ [wendy.accessKeyId]: 'Active' });
  });

  it('update-login-profile sets a password the user can then use as the old one', async () => {
    await awsOk(
      ['iam', 'update-login-profile', '--user-name', 'wendy', '--password', 'Admin-Set-Pw-2', '--password-reset-required'],
      asAdmin(),
    );
    const { LoginProfile } = await admin.send(new GetLoginProfileCommand({ UserName: 'wendy' }));
    expect(LoginProfile?.PasswordResetRequired).toBe(true);
  });

  it('change-password with the admin key is InvalidUserType (no IAM user)', async () => {
    const result = await aws(
      ['iam', 'change-password', '--old-password', 'Whatever-11', '--new-password', 'Whatever-22'],
      asAdmin(),
    );
    expect(result.code).toBe(254);
    expect(result.stderr).toContain('An error occurred (InvalidUserType) when calling the ChangePassword operation');
  });
});

describe('aws iam as the user, with their own key', () => {
  const asWendy = () => ({ id: wendy.accessKeyId, secret: wendy.secretAccessKey });
  let keyId = '';
  let keySecret = '';

  it('sts get-caller-identity names the user', async () => {
    const me = await awsJson<{ Arn: string; Account: string; UserId: string }>(
      ['sts', 'get-caller-identity'],
      asWendy(),
    );
    expect(me).toEqual({ Arn: userArn('wendy', '/cli/'), Account: iam.accountId, UserId: wendy.user.UserId });
  });

  it('create-access-key without --user-name creates a key for the caller', async () => {
    const { AccessKey } = await awsJson<CliKey>(['iam', 'create-access-key'], asWendy());
    expect(AccessKey.UserName).toBe('wendy');
    keyId = AccessKey.AccessKeyId;
    keySecret = AccessKey.SecretAccessKey;
    expect(await keyStatuses('wendy')).toEqual({ [wendy.accessKeyId]: 'Active', [keyId]: 'Active' });
  });

  it('list-access-keys without --user-name lists the caller’s keys', async () => {
    const { AccessKeyMetadata } = await awsJson<CliKeyList>(['iam', 'list-access-keys'], asWendy());
    expect(AccessKeyMetadata.map((k) => k.AccessKeyId).sort()).toEqual([wendy.accessKeyId, keyId].sort());
    expect(AccessKeyMetadata.every((k) => k.UserName === 'wendy')).toBe(true);
  });

  it('update-access-key --status Inactive then Active on the new key', async () => {
    await awsOk(['iam', 'update-access-key', '--access-key-id', keyId, '--status', 'Inactive'], asWendy());
    expect((await keyStatuses('wendy'))[keyId]).toBe('Inactive');
    await awsOk(['iam', 'update-access-key', '--access-key-id', keyId, '--status', 'Active'], asWendy());
    expect((await keyStatuses('wendy'))[keyId]).toBe('Active');
  });

  it('the new key signs CLI calls, and stops when deactivated', async () => {
    const me = await awsJson<{ Arn: string }>(['sts', 'get-caller-identity'], { id: keyId, secret: keySecret });
    expect(me.Arn).toBe(userArn('wendy', '/cli/'));
    await awsOk(['iam', 'update-access-key', '--access-key-id', keyId, '--status', 'Inactive'], asWendy());
    const refused = await aws(['sts', 'get-caller-identity'], { id: keyId, secret: keySecret });
    expect(refused.code).toBe(254);
    expect(refused.stderr).toContain('InvalidClientTokenId');
  });

  it('delete-access-key removes the new key', async () => {
    await awsOk(['iam', 'delete-access-key', '--access-key-id', keyId], asWendy());
    expect(await keyStatuses('wendy')).toEqual({ [wendy.accessKeyId]: 'Active' });
  });

  it('change-password with a wrong old password fails with AccessDenied', async () => {
    const result = await aws(
      ['iam', 'change-password', '--old-password', 'Wendy-Start-1', '--new-password', 'Wendy-Next-22'],
      asWendy(),
    );
    expect(result.code).toBe(254);
    expect(result.stderr).toContain('An error occurred (AccessDenied) when calling the ChangePassword operation');
  });

  it('change-password with the admin-set password succeeds and clears the reset flag', async () => {
    await awsOk(
      ['iam', 'change-password', '--old-password', 'Admin-Set-Pw-2', '--new-password', 'Wendy Next 22!'],
      asWendy(),
    );
    const { LoginProfile } = await admin.send(new GetLoginProfileCommand({ UserName: 'wendy' }));
    expect(LoginProfile?.PasswordResetRequired).toBe(false);
    // the CLI sent the space as '+'; the SDK's %20 must find the same password
    await expectIamError(
      wendy.client.send(new ChangePasswordCommand({ OldPassword: 'Admin-Set-Pw-2', NewPassword: 'Wendy-Third-33' })),
      { name: 'AccessDenied', status: 403, message: 'The old password was incorrect.' },
    );
    await wendy.client.send(
      new ChangePasswordCommand({ OldPassword: 'Wendy Next 22!', NewPassword: 'Wendy-Third-33' }),
    );
  });

  it('a request the user is not allowed to make is AccessDenied through the CLI', async () => {
    const result = await aws(['iam', 'list-users'], asWendy());
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(
      /An error occurred \(AccessDenied\) when calling the ListUsers operation( \(reached max retries: \d+\))?: User: /,
    );
    expect(result.stderr).toContain(userArn('wendy', '/cli/'));
  });
});

describe('an authenticator app set up by hand with aws iam', () => {
  const asAdmin = () => ({ id: iam.adminAccessKeyId, secret: iam.adminSecretAccessKey });
  let dir = '';
  let serial = '';
  let seed = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kagi-cli-mfa-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('create-virtual-mfa-device --bootstrap-method Base32StringSeed writes the seed to the outfile', async () => {
    const outfile = path.join(dir, 'seed.txt');
    const { VirtualMFADevice } = await awsJson<{ VirtualMFADevice: { SerialNumber: string } }>(
      ['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'wendy-phone', '--path', '/cli/', '--outfile', outfile, '--bootstrap-method', 'Base32StringSeed'],
      asAdmin(),
    );
    serial = VirtualMFADevice.SerialNumber;
    expect(serial).toBe(`arn:aws:iam::${iam.accountId}:mfa/cli/wendy-phone`);
    seed = (await readFile(outfile, 'utf8')).trim();
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
  });

  it('create-virtual-mfa-device --bootstrap-method QRCodePNG writes a PNG', async () => {
    const outfile = path.join(dir, 'qr.png');
    await awsOk(['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'wendy-qr', '--outfile', outfile, '--bootstrap-method', 'QRCodePNG'], asAdmin());
    expect((await readFile(outfile)).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('enable-mfa-device with wrong codes is InvalidAuthenticationCode; with two consecutive codes it is enabled', async () => {
    const refused = await aws(
      ['iam', 'enable-mfa-device', '--user-name', 'wendy', '--serial-number', serial, '--authentication-code1', '000000', '--authentication-code2', '000000'],
      asAdmin(),
    );
    expect(refused.code).toBe(254);
    expect(refused.stderr).toContain('An error occurred (InvalidAuthenticationCode) when calling the EnableMFADevice operation');
    const { code1, code2 } = consecutiveCodes(seed);
    await awsOk(
      ['iam', 'enable-mfa-device', '--user-name', 'wendy', '--serial-number', serial, '--authentication-code1', code1, '--authentication-code2', code2],
      asAdmin(),
    );
    const { MFADevices } = await admin.send(new ListMFADevicesCommand({ UserName: 'wendy' }));
    expect(MFADevices?.map((d) => d.SerialNumber)).toEqual([serial]);
  });

  it('list-virtual-mfa-devices --assignment-status shows which device is in use and by whom', async () => {
    const assigned = await awsJson<{ VirtualMFADevices: Array<{ SerialNumber: string; User?: { UserName: string } }> }>(
      ['iam', 'list-virtual-mfa-devices', '--assignment-status', 'Assigned'],
      asAdmin(),
    );
    expect(assigned.VirtualMFADevices).toEqual([expect.objectContaining({ SerialNumber: serial, User: expect.objectContaining({ UserName: 'wendy' }) })]);
    const unassigned = await awsJson<{ VirtualMFADevices: Array<{ SerialNumber: string }> }>(
      ['iam', 'list-virtual-mfa-devices', '--assignment-status', 'Unassigned'],
      asAdmin(),
    );
    expect(unassigned.VirtualMFADevices.map((d) => d.SerialNumber)).toEqual([`arn:aws:iam::${iam.accountId}:mfa/wendy-qr`]);
  });

  it('deactivate-mfa-device and delete-virtual-mfa-device remove it', async () => {
    await awsOk(['iam', 'deactivate-mfa-device', '--user-name', 'wendy', '--serial-number', serial], asAdmin());
    await awsOk(['iam', 'delete-virtual-mfa-device', '--serial-number', serial], asAdmin());
    const { VirtualMFADevices } = await admin.send(new ListVirtualMFADevicesCommand({}));
    expect(VirtualMFADevices?.map((d) => d.SerialNumber)).toEqual([`arn:aws:iam::${iam.accountId}:mfa/wendy-qr`]);
  });
});
