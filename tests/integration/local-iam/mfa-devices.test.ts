// Virtual MFA devices on the local IAM endpoint, through the SDK: create, enable with two
// consecutive RFC 6238 codes, resync a drifted clock, deactivate, delete, list, tags, quotas,
// authorization by resource type, and persistence of the seed.
import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  type IAMClient,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  adminClient,
  allow,
  consecutiveCodes,
  createUserWithKey,
  expectIamError,
  makeStateDir,
  policy,
  removeStateDir,
  type StartedIam,
  startIam,
  totpCode,
  userArn,
} from '@/tests/support/local-iam';

let iam: StartedIam;
let admin: IAMClient;

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
  for (const name of ['ann', 'ben', 'cat', 'dan']) await admin.send(new CreateUserCommand({ UserName: name, Path: '/staff/' }));
});

afterAll(async () => {
  await iam?.stop();
});

const decoder = new TextDecoder();

async function createDevice(client: IAMClient, name: string, path = '/staff/', tags?: Array<{ Key: string; Value: string }>) {
  const { VirtualMFADevice } = await client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Path: path, Tags: tags }));
  return { serial: VirtualMFADevice!.SerialNumber!, seed: decoder.decode(VirtualMFADevice!.Base32StringSeed), device: VirtualMFADevice! };
}

async function enable(userName: string, serial: string, seed: string, stepsFromNow = 0) {
  const { code1, code2 } = consecutiveCodes(seed, stepsFromNow);
  await admin.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
}

describe('CreateVirtualMFADevice', () => {
  it('answers the serial (an ARN with the path), a 64-character base32 seed and a QR code PNG', async () => {
    const { serial, seed, device } = await createDevice(admin, 'ann-phone', '/staff/', [{ Key: 'label', Value: 'Ann の iPhone' }]);
    expect(serial).toBe(`arn:aws:iam::${ACCOUNT_ID}:mfa/staff/ann-phone`);
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    const png = Buffer.from(device.QRCodePNG!);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(device.Tags).toEqual([{ Key: 'label', Value: 'Ann の iPhone' }]);
  });

  it('defaults the path to / and gives every device its own seed', async () => {
    const { VirtualMFADevice } = await admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'root-a' }));
    const a = { serial: VirtualMFADevice!.SerialNumber, seed: decoder.decode(VirtualMFADevice!.Base32StringSeed) };
    const b = await createDevice(admin, 'root-b', '/');
    expect(a.serial).toBe(`arn:aws:iam::${ACCOUNT_ID}:mfa/root-a`);
    expect(a.seed).not.toBe(b.seed);
  });

  it('refuses a name already used in the account, whatever the path or case', async () => {
    await expectIamError(admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'ANN-PHONE', Path: '/other/' })), {
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'MFADevice entity at the same path and name already exists.',
    });
  });

  it('validates the name, the path and tag values against the model', async () => {
    await expectIamError(admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "Taro's phone" })), {
      name: 'ValidationError',
      status: 400,
      message: "at 'virtualMFADeviceName' failed to satisfy constraint",
    });
    await expectIamError(admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'x1', Path: 'staff' })), {
      name: 'ValidationError',
      status: 400,
    });
    await expectIamError(
      admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'x2', Tags: [{ Key: 'label', Value: "Taro's" }] })),
      { name: 'ValidationError', status: 400 },
    );
  });
});

describe('EnableMFADevice', () => {
  it('refuses wrong codes, a repeated code and codes from an hour ago, and assigns nothing', async () => {
    const { serial, seed } = await createDevice(admin, 'ben-phone');
    const now = totpCode(seed);
    const wrong = now === '000000' ? '111111' : '000000';
    for (const [code1, code2] of [
      [wrong, totpCode(seed, 1)],
      [now, now],
      [totpCode(seed, -120), totpCode(seed, -119)],
      [totpCode(seed, 1), totpCode(seed, 0)],
    ] as const) {
      await expectIamError(
        admin.send(new EnableMFADeviceCommand({ UserName: 'ben', SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 })),
        { name: 'InvalidAuthenticationCodeException', status: 403, message: 'Authentication code for device is not valid.' },
      );
    }
    expect((await admin.send(new ListMFADevicesCommand({ UserName: 'ben' }))).MFADevices).toEqual([]);
  });

  it('accepts the current and the next code, or the previous and the current', async () => {
    const { serial, seed } = await createDevice(admin, 'ben-phone2');
    await enable('ben', serial, seed);
    const { serial: other, seed: otherSeed } = await createDevice(admin, 'cat-phone');
    await enable('cat', other, otherSeed, -1);
    const { MFADevices } = await admin.send(new ListMFADevicesCommand({ UserName: 'ben' }));
    expect(MFADevices).toEqual([{ UserName: 'ben', SerialNumber: serial, EnableDate: expect.any(Date) }]);
    expect(Math.abs(MFADevices![0]!.EnableDate!.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('refuses a device already in use and an unknown device', async () => {
    const serial = `arn:aws:iam::${ACCOUNT_ID}:mfa/staff/ben-phone2`;
    const codes = { AuthenticationCode1: '123456', AuthenticationCode2: '654321' };
    await expectIamError(admin.send(new EnableMFADeviceCommand({ UserName: 'cat', SerialNumber: serial, ...codes })), {
      name: 'EntityAlreadyExistsException',
      status: 409,
    });
    await expectIamError(
      admin.send(new EnableMFADeviceCommand({ UserName: 'cat', SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/none`, ...codes })),
      { name: 'NoSuchEntityException', status: 404 },
    );
    await expectIamError(admin.send(new EnableMFADeviceCommand({ UserName: 'ghost', SerialNumber: serial, ...codes })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name ghost cannot be found.',
    });
  });

  it('allows eight devices in use per user, then LimitExceeded', async () => {
    for (let i = 0; i < 7; i++) iam.seedMfaDevice('dan', `GAHT0000000${i}`);
    const { serial, seed } = await createDevice(admin, 'dan-8');
    await enable('dan', serial, seed);
    const ninth = await createDevice(admin, 'dan-9');
    const { code1, code2 } = consecutiveCodes(ninth.seed);
    await expectIamError(
      admin.send(new EnableMFADeviceCommand({ UserName: 'dan', SerialNumber: ninth.serial, AuthenticationCode1: code1, AuthenticationCode2: code2 })),
      { name: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for MFADevicesPerUser: 8' },
    );
    expect((await admin.send(new ListMFADevicesCommand({ UserName: 'dan' }))).MFADevices).toHaveLength(8);
  });
});

describe('ResyncMFADevice', () => {
  it('a phone whose clock runs ten minutes fast cannot enable, but resyncs; an hour off cannot', async () => {
    const { serial, seed } = await createDevice(admin, 'ann-drift');
    const ahead = 20; // steps of 30 s
    const fast = consecutiveCodes(seed, ahead);
    await expectIamError(
      admin.send(new EnableMFADeviceCommand({ UserName: 'ann', SerialNumber: serial, AuthenticationCode1: fast.code1, AuthenticationCode2: fast.code2 })),
      { name: 'InvalidAuthenticationCodeException', status: 403 },
    );
    await enable('ann', serial, seed);
    const far = consecutiveCodes(seed, 120);
    await expectIamError(
      admin.send(new ResyncMFADeviceCommand({ UserName: 'ann', SerialNumber: serial, AuthenticationCode1: far.code1, AuthenticationCode2: far.code2 })),
      { name: 'InvalidAuthenticationCodeException', status: 403 },
    );
    const drifted = consecutiveCodes(seed, ahead);
    await admin.send(new ResyncMFADeviceCommand({ UserName: 'ann', SerialNumber: serial, AuthenticationCode1: drifted.code1, AuthenticationCode2: drifted.code2 }));
    // The endpoint now expects the fast clock: codes 30 minutes fast are within its reach.
    const further = consecutiveCodes(seed, ahead + 18);
    await admin.send(new ResyncMFADeviceCommand({ UserName: 'ann', SerialNumber: serial, AuthenticationCode1: further.code1, AuthenticationCode2: further.code2 }));
  });

  it('refuses a device the user does not have', async () => {
    await expectIamError(
      admin.send(
        new ResyncMFADeviceCommand({
          UserName: 'cat',
          SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/staff/ann-drift`,
          AuthenticationCode1: '123456',
          AuthenticationCode2: '234567',
        }),
      ),
      { name: 'NoSuchEntityException', status: 404 },
    );
  });
});

describe('DeactivateMFADevice and DeleteVirtualMFADevice', () => {
  it('refuses to delete a device in use; deactivating makes it unassigned; then it can be deleted', async () => {
    const serial = `arn:aws:iam::${ACCOUNT_ID}:mfa/staff/ben-phone2`;
    await expectIamError(admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), {
      name: 'DeleteConflictException',
      status: 409,
      message: 'MFA Device is still in use.',
    });
    await expectIamError(admin.send(new DeleteUserCommand({ UserName: 'ben' })), { name: 'DeleteConflictException', status: 409 });
    await admin.send(new DeactivateMFADeviceCommand({ UserName: 'ben', SerialNumber: serial }));
    expect((await admin.send(new ListMFADevicesCommand({ UserName: 'ben' }))).MFADevices).toEqual([]);
    const unassigned = await admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(unassigned.VirtualMFADevices?.map((d) => d.SerialNumber)).toContain(serial);
    await admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await expectIamError(admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
    await expectIamError(admin.send(new DeactivateMFADeviceCommand({ UserName: 'ben', SerialNumber: serial })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('deactivates a seeded security key, which has no virtual device to delete', async () => {
    const key = `arn:aws:iam::${ACCOUNT_ID}:u2f/user/cat/yubikey-ABCDEFGHIJKLMNOP`;
    iam.seedMfaDevice('cat', key);
    const got = await admin.send(new GetMFADeviceCommand({ UserName: 'cat', SerialNumber: key }));
    expect(got).toMatchObject({ UserName: 'cat', SerialNumber: key, EnableDate: expect.any(Date) });
    await admin.send(new DeactivateMFADeviceCommand({ UserName: 'cat', SerialNumber: key }));
    await expectIamError(admin.send(new GetMFADeviceCommand({ UserName: 'cat', SerialNumber: key })), { name: 'NoSuchEntityException', status: 404 });
  });
});

describe('ListVirtualMFADevices', () => {
  it('filters by assignment, names the user of an assigned one, and pages', async () => {
    const assigned = await admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    const cat = assigned.VirtualMFADevices?.find((d) => d.SerialNumber?.endsWith('/cat-phone'));
    expect(cat?.User).toMatchObject({ UserName: 'cat', Arn: userArn('cat', '/staff/') });
    expect(cat?.EnableDate).toBeInstanceOf(Date);
    expect(assigned.VirtualMFADevices?.every((d) => d.User !== undefined)).toBe(true);
    const unassigned = await admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(unassigned.VirtualMFADevices?.every((d) => d.User === undefined && d.EnableDate === undefined)).toBe(true);
    expect(unassigned.VirtualMFADevices?.some((d) => d.Base32StringSeed !== undefined)).toBe(false);

    const all = (await admin.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices!.map((d) => d.SerialNumber);
    expect(all.length).toBe(assigned.VirtualMFADevices!.length + unassigned.VirtualMFADevices!.length);
    const paged: Array<string | undefined> = [];
    let marker: string | undefined;
    do {
      const page = await admin.send(new ListVirtualMFADevicesCommand({ MaxItems: 2, Marker: marker }));
      expect(page.VirtualMFADevices!.length).toBeLessThanOrEqual(2);
      paged.push(...page.VirtualMFADevices!.map((d) => d.SerialNumber));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    expect(paged).toEqual(all);
  });
});

describe('TagMFADevice, UntagMFADevice, ListMFADeviceTags', () => {
  it('adds, replaces (same key in any case) and removes tags', async () => {
    const { serial } = await createDevice(admin, 'tags-1');
    await admin.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'Label', Value: 'old' }, { Key: 'team', Value: 'a' }] }));
    await admin.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'label', Value: '新しい電話' }] }));
    expect((await admin.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toEqual([
      { Key: 'label', Value: '新しい電話' },
      { Key: 'team', Value: 'a' },
    ]);
    await admin.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['TEAM'] }));
    expect((await admin.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toEqual([{ Key: 'label', Value: '新しい電話' }]);
    await expectIamError(admin.send(new ListMFADeviceTagsCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/nope` })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });
});

describe('authorization by resource type', () => {
  it('mfa/… for the device actions, user/… for enable, resync, deactivate and lists, * for ListVirtualMFADevices', async () => {
    const mfaArn = `arn:aws:iam::*:mfa/staff/*`;
    const eve = await createUserWithKey(admin, 'eve', {
      path: '/staff/',
      policy: policy(
        allow(['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice', 'iam:TagMFADevice', 'iam:ListMFADeviceTags'], mfaArn),
        allow(['iam:EnableMFADevice', 'iam:ResyncMFADevice', 'iam:DeactivateMFADevice', 'iam:ListMFADevices'], 'arn:aws:iam::*:user/staff/*'),
      ),
    });
    const { serial, seed } = await createDevice(eve.client, 'eve-phone');
    await expectIamError(eve.client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'eve-root', Path: '/' })), {
      name: 'AccessDenied',
      status: 403,
      message: `User: ${eve.arn} is not authorized to perform: iam:CreateVirtualMFADevice on resource: arn:aws:iam::${ACCOUNT_ID}:mfa/eve-root`,
    });
    await expectIamError(eve.client.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['x'] })), { name: 'AccessDenied', status: 403 });
    // Tags on creation need iam:TagMFADevice too.
    const untagged = await createUserWithKey(admin, 'fay', { path: '/staff/', policy: policy(allow('iam:CreateVirtualMFADevice', mfaArn)) });
    await expectIamError(
      untagged.client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'fay-1', Path: '/staff/', Tags: [{ Key: 'a', Value: 'b' }] })),
      { name: 'AccessDenied', status: 403, message: 'iam:TagMFADevice' },
    );
    await createDevice(untagged.client, 'fay-2');
    const { code1, code2 } = consecutiveCodes(seed);
    await eve.client.send(new EnableMFADeviceCommand({ UserName: 'eve', SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
    expect((await eve.client.send(new ListMFADevicesCommand({}))).MFADevices).toHaveLength(1);
    await expectIamError(eve.client.send(new ListVirtualMFADevicesCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: 'on resource: *',
    });
    await expectIamError(eve.client.send(new GetMFADeviceCommand({ SerialNumber: serial })), {
      name: 'AccessDenied',
      status: 403,
      message: `on resource: ${userArn('eve', '/staff/')}`,
    });
    // The user resource is the target user's, not the device's: a user outside /staff/ is refused.
    await admin.send(new CreateUserCommand({ UserName: 'outside' }));
    await expectIamError(
      eve.client.send(new EnableMFADeviceCommand({ UserName: 'outside', SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 })),
      { name: 'AccessDenied', status: 403, message: `on resource: ${userArn('outside')}` },
    );
    await eve.client.send(new DeactivateMFADeviceCommand({ SerialNumber: serial }));
    await eve.client.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
  });
});

describe('persistence', () => {
  it('keeps seeds, assignments and tags across a restart, and the seed still matches the codes', async () => {
    const { dir, stateFile } = await makeStateDir();
    try {
      const first = await startIam({ stateFile });
      const a = adminClient(first);
      await a.send(new CreateUserCommand({ UserName: 'pat' }));
      const { serial, seed } = await createDevice(a, 'pat-phone', '/', [{ Key: 'label', Value: 'phone' }]);
      await first.stop();

      const second = await startIam({ stateFile });
      try {
        const b = adminClient(second);
        const { code1, code2 } = consecutiveCodes(seed);
        await b.send(new EnableMFADeviceCommand({ UserName: 'pat', SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
        expect((await b.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toEqual([{ Key: 'label', Value: 'phone' }]);
      } finally {
        await second.stop();
      }
      const third = await startIam({ stateFile });
      try {
        expect((await adminClient(third).send(new ListMFADevicesCommand({ UserName: 'pat' }))).MFADevices?.map((d) => d.SerialNumber)).toEqual([serial]);
      } finally {
        await third.stop();
      }
    } finally {
      await removeStateDir(dir);
    }
  });
});
