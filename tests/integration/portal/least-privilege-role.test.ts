import fs from 'node:fs';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  TagUserCommand,
  UntagUserCommand,
  PutRolePolicyCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient, type Tag } from '@aws-sdk/client-sts';
import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PRINCIPAL } from '@/scripts/account-role-template.mjs';
import { defaultParameters, evaluate, type Template } from '@/tests/support/cloudformation';
import { consecutiveCodes } from '@/tests/support/local-iam';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * deploy/role-policy.json is the least the portal needs in role mode: each statement has a
 * proof. For an Allow, a feature of Kagi that fails without it (and works with it); for a
 * Deny, a call IAM refuses only because of it. And no session of the role reaches a user
 * outside the path.
 *
 * To add a statement: add it to deploy/role-policy.json and one entry to `proofs` below, then
 * `npm run deploy:template`: deploy/kagi-account-role.template.json, the role in each account,
 * is generated from this document and the trust policy, and the first test below holds it to them.
 */
const policy = JSON.parse(fs.readFileSync('deploy/role-policy.json', 'utf8')) as {
  Version: string;
  Statement: Array<{ Sid: string; Effect: 'Allow' | 'Deny' }>;
};
const ROLE = 'kagi-portal-role';

let stack: PortalStack;
let agentCookie: string;

beforeAll(async () => {
  // Mail on: the reminders' pass runs only when there is somewhere to send them.
  stack = await startPortalStack({ role: true, mail: true });
  agentCookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
  await stack.admin.send(new CreateUserCommand({ UserName: 'outsider', Path: '/external/' }));
});
afterAll(async () => {
  await stack?.stop();
});
afterEach(async () => {
  await putRolePolicy(policy);
});

async function putRolePolicy(document: unknown) {
  await stack.admin.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: ROLE, PolicyDocument: JSON.stringify(document) }));
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const asAgent = (path: string, init: RequestInit = {}) => stack.call(null, path, { ...init, headers: { cookie: agentCookie, ...(init.headers as Record<string, string>) } });

/** A session of the role exactly as the portal asks for one, made here to call IAM directly. */
async function roleSession(tags: Tag[], sourceIdentity = 'sato'): Promise<IAMClient> {
  const sts = new STSClient({ endpoint: stack.iam.url, region: 'us-east-1', maxAttempts: 1, credentials: stack.portalKey });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: stack.roleArn, RoleSessionName: `test-${sourceIdentity}`, SourceIdentity: sourceIdentity, Tags: tags }),
  );
  sts.destroy();
  return new IAMClient({
    endpoint: stack.iam.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! },
  });
}
const helpdeskTags = (subject: string): Tag[] => [
  { Key: 'kagi-purpose', Value: 'helpdesk' },
  { Key: 'kagi-subject', Value: subject },
  { Key: 'kagi-ticket', Value: 'INC-9' },
];

/** Sessions cached by the portal would keep permissions a test just removed: force new ones. */
const expireSessions = () =>
  fetch(`${stack.iam.url}/_local/sessions`, {
    method: 'POST',
    headers: { 'x-local-iam-admin-secret': stack.iam.adminSecretAccessKey, 'content-type': 'application/json' },
    body: JSON.stringify({ expireNow: true }),
  });

async function openCase(userName: string): Promise<string> {
  const { code } = await (await stack.call(userName, '/api/me/helpdesk-code', { method: 'POST' })).json();
  const res = await asAgent(`/api/helpdesk/users/${userName}/cases`, json('POST', { ticket: 'INC-8001', code }));
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

let linkUsers = 0;
let lostDevices = 0;
const REMINDERS_REFUSED = 2;

/**
 * An authenticator app already in use by the person, set up as Kagi would: under the user's own
 * path and name (`/staff/<user>/` for a user at /staff/; `/staff/helpdesk/<user>/` for one at
 * /staff/helpdesk/), or under another path given (`/staff/<user>/` was every user's before).
 */
async function enabledVirtualDevice(userName: string, name: string, path = `/staff/${userName}/`): Promise<string> {
  const { VirtualMFADevice } = await stack.admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Path: path }));
  const totp = new TOTP({ secret: Secret.fromBase32(new TextDecoder().decode(VirtualMFADevice!.Base32StringSeed)), algorithm: 'SHA1', digits: 6, period: 30 });
  const now = Date.now();
  await stack.admin.send(
    new EnableMFADeviceCommand({
      UserName: userName,
      SerialNumber: VirtualMFADevice!.SerialNumber,
      AuthenticationCode1: totp.generate({ timestamp: now }),
      AuthenticationCode2: totp.generate({ timestamp: now + 30_000 }),
    }),
  );
  return VirtualMFADevice!.SerialNumber!;
}
const NAME_LEFT_BEHIND = 1;

/** A feature of Kagi, tried through its HTTP API: the status it got. */
const features: Record<string, () => Promise<number>> = {
  'list my keys': async () => (await stack.call('taro', '/api/me/access-keys')).status,
  'create a key': async () => {
    const res = await stack.call('taro', '/api/me/access-keys', json('POST', {}));
    if (res.status === 201) {
      const { accessKeyId } = await res.json();
      await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: accessKeyId }));
    }
    return res.status;
  },
  'set my console password': async () =>
    (await stack.call('taro', '/api/me/console-password', json('PUT', { newPassword: `Least-Priv-${Date.now()}-Aa1!` }))).status,
  'see my console password status': async () => (await stack.call('taro', '/api/me/console-password')).status,
  'name my key': async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    try {
      return (await stack.call('taro', `/api/me/access-keys/${AccessKey!.AccessKeyId}`, json('PATCH', { description: 'backup on my laptop' }))).status;
    } finally {
      await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: AccessKey!.AccessKeyId }));
    }
  },
  // Kagi deletes the key whatever happens to its name, so the proof is the name left behind.
  'help desk: delete a person’s key and its name': async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const accessKeyId = AccessKey!.AccessKeyId!;
    await stack.admin.send(new UpdateAccessKeyCommand({ UserName: 'hanako', AccessKeyId: accessKeyId, Status: 'Inactive' }));
    await stack.admin.send(new TagUserCommand({ UserName: 'hanako', Tags: [{ Key: accessKeyId, Value: 'old laptop' }] }));
    const caseId = await openCase('hanako');
    const res = await asAgent('/api/helpdesk/users/hanako/actions', json('POST', { caseId, action: 'delete-key', accessKeyId }));
    const { Tags } = await stack.admin.send(new ListUserTagsCommand({ UserName: 'hanako' }));
    return Tags!.some((t) => t.Key === accessKeyId) ? NAME_LEFT_BEHIND : res.status;
  },
  'add an authenticator app': async () => {
    const res = await stack.call('taro', '/api/me/mfa-devices', json('POST', { name: 'work phone' }));
    // Cancelling the set-up deletes its device again.
    if (res.status === 201) expect((await stack.call('taro', `/api/me/mfa-devices/${(await res.json()).name}`, { method: 'DELETE' })).status).toBe(204);
    return res.status;
  },
  'help desk: remove a person’s lost MFA device': async () => {
    const name = `hanako-lost${++lostDevices}`;
    const serialNumber = await enabledVirtualDevice('hanako', name);
    const caseId = await openCase('hanako');
    const res = await asAgent('/api/helpdesk/users/hanako/actions', json('POST', { caseId, action: 'remove-mfa-device', mfaDevice: name }));
    if (res.status !== 200) {
      await stack.admin.send(new DeactivateMFADeviceCommand({ UserName: 'hanako', SerialNumber: serialNumber }));
      await stack.admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }));
    }
    return res.status;
  },
  // `npm run reminders`: 0 when the pass ran, 1 when it failed.
  'reminders find the keys due for replacement': async () => {
    const { code, stderr } = await stack.runReminders();
    return code === 0 ? 200 : code === 1 && /not permitted to do this in AWS/.test(stderr) ? REMINDERS_REFUSED : 500;
  },
  'help desk: find a person': async () => (await asAgent('/api/helpdesk/users?q=ta')).status,
  'help desk: see a person': async () => (await asAgent('/api/helpdesk/users/taro')).status,
  'help desk: switch off a person’s key': async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'hanako' }));
    const caseId = await openCase('hanako');
    const res = await asAgent('/api/helpdesk/users/hanako/actions', json('POST', { caseId, action: 'deactivate-key', accessKeyId: AccessKey!.AccessKeyId }));
    await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'hanako', AccessKeyId: AccessKey!.AccessKeyId }));
    return res.status;
  },
  // A sign-in older than five minutes has its IAM link checked again (a new user each time:
  // each instance remembers an answer for five minutes).
  'an older sign-in stays linked': async () => {
    const userName = `linked-${++linkUsers}`;
    await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
    const cookie = await stack.cookieFor(userName, { signedInAt: Math.floor(Date.now() / 1000) - 600 });
    return (await stack.call(null, '/api/me/access-keys', { headers: { cookie } })).status;
  },
};

type Proof =
  | { allows: string; without: number /* the status the feature answers without the statement */ }
  | { denies: Record<string, () => Promise<unknown>> /* calls IAM refuses only because of the statement */ };

/** Cleans up after a call that may or may not have gone through. */
const quietly = (p: Promise<unknown>) => p.catch(() => undefined);
let protectedDevices = 0;

/**
 * Why each statement exists. HelpdeskFindUsers comes first: the help-desk search keeps its
 * directory for 30 s, which would hide the refusal from a later test.
 */
const proofs: Record<string, Proof> = {
  HelpdeskFindUsers: { allows: 'help desk: find a person', without: 502 },
  SelfServiceReadOwnCredentials: { allows: 'list my keys', without: 502 },
  SelfServiceManageOwnAccessKeys: { allows: 'create a key', without: 502 },
  SelfServiceNameOwnAccessKeys: { allows: 'name my key', without: 502 },
  HelpdeskRemoveTheNameOfADeletedKey: { allows: 'help desk: delete a person’s key and its name', without: NAME_LEFT_BEHIND },
  SelfServiceManageOwnMfaDevices: { allows: 'add an authenticator app', without: 502 },
  HelpdeskRemoveALostMfaDevice: { allows: 'help desk: remove a person’s lost MFA device', without: 502 },
  SelfServiceSetOwnConsolePassword: { allows: 'set my console password', without: 502 },
  // Role sessions don't get the account's "users may read the policy" exemption.
  ReadThePasswordPolicy: { allows: 'see my console password status', without: 502 },
  // The help desk treats a user IAM won't show it as one it may not help.
  HelpdeskReadUsersAndTheirCredentials: { allows: 'help desk: see a person', without: 403 },
  HelpdeskChangeTheCaseSubjectOnly: { allows: 'help desk: switch off a person’s key', without: 502 },
  SystemRemindersFindPeople: { allows: 'reminders find the keys due for replacement', without: REMINDERS_REFUSED },
  SystemReadUsersAndTheirKeys: { allows: 'an older sign-in stays linked', without: 403 },
  // Kagi refuses the protected path itself; this makes IAM refuse it too, case or no case.
  HelpdeskNeverTheProtectedPath: {
    denies: {
      'a help-desk change to someone under /staff/helpdesk/': async () => {
        const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'mori' }));
        const session = await roleSession(helpdeskTags('mori'));
        try {
          return await session.send(new UpdateAccessKeyCommand({ UserName: 'mori', AccessKeyId: AccessKey!.AccessKeyId, Status: 'Inactive' }));
        } finally {
          session.destroy();
          await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'mori', AccessKeyId: AccessKey!.AccessKeyId }));
        }
      },
      // Their devices lie under their own path (mfa/staff/helpdesk/mori/), as Kagi makes them.
      'a help-desk deletion of a protected person’s device': async () => {
        const { VirtualMFADevice } = await stack.admin.send(
          new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `mori-unused${++protectedDevices}`, Path: '/staff/helpdesk/mori/' }),
        );
        const session = await roleSession(helpdeskTags('mori'));
        try {
          return await session.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: VirtualMFADevice!.SerialNumber }));
        } finally {
          session.destroy();
          await quietly(stack.admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: VirtualMFADevice!.SerialNumber })));
        }
      },
      'a help-desk deactivation of a protected person’s device': async () => {
        const serialNumber = await enabledVirtualDevice('mori', `mori-phone${++protectedDevices}`, '/staff/helpdesk/mori/');
        const session = await roleSession(helpdeskTags('mori'));
        try {
          return await session.send(new DeactivateMFADeviceCommand({ UserName: 'mori', SerialNumber: serialNumber }));
        } finally {
          session.destroy();
          await quietly(stack.admin.send(new DeactivateMFADeviceCommand({ UserName: 'mori', SerialNumber: serialNumber })));
          await stack.admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }));
        }
      },
    },
  },
};

const without = (sid: string) => ({ ...policy, Statement: policy.Statement.filter((s) => s.Sid !== sid) });

describe('deploy/role-policy.json', () => {
  it('is what deploy/kagi-account-role.template.json deploys in every account (with its default parameters), with the trust policy the stack here uses', () => {
    const template = JSON.parse(fs.readFileSync('deploy/kagi-account-role.template.json', 'utf8')) as Template;
    const { Properties } = (template.Resources as Record<string, { Properties: { AssumeRolePolicyDocument: unknown; Policies: Array<{ PolicyDocument: unknown }> } }>).KagiAccountRole!;
    const values = defaultParameters(template, { KagiPrincipalArn: EXAMPLE_PRINCIPAL });
    expect(Properties.Policies.map((p) => evaluate(p.PolicyDocument, values))).toEqual([policy]);
    expect(evaluate(Properties.AssumeRolePolicyDocument, values)).toEqual(JSON.parse(fs.readFileSync('deploy/role-trust-policy.json', 'utf8')));
  });

  it('has a proof for every statement', () => {
    expect(policy.Statement.map((s) => s.Sid).sort()).toEqual(Object.keys(proofs).sort());
    for (const s of policy.Statement) expect('allows' in proofs[s.Sid]! ? 'Allow' : 'Deny', s.Sid).toBe(s.Effect);
  });

  it.each(Object.entries(proofs).filter(([, p]) => 'allows' in p))('without %s, a feature fails', async (sid, proof) => {
    const { allows, without: status } = proof as { allows: string; without: number };
    await putRolePolicy(without(sid));
    await expireSessions();
    expect(await features[allows]!(), allows).toBe(status);
  });

  it.each(Object.entries(proofs).filter(([, p]) => 'denies' in p))('%s: IAM refuses only because of it', async (sid, proof) => {
    const { denies } = proof as { denies: Record<string, () => Promise<unknown>> };
    for (const [name, call] of Object.entries(denies)) {
      await expect(call(), name).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('with an explicit deny') });
    }
    await putRolePolicy(without(sid));
    for (const [name, call] of Object.entries(denies)) await expect(call(), name).resolves.toBeDefined();
  });

  it('lets a protected person look after their own authenticator apps, under their own path and under the old one', async () => {
    // Set up through Kagi: the device lies under the person's own path, where the Deny reaches.
    const started = await stack.call('sato', '/api/me/mfa-devices', json('POST', { name: 'work phone' }));
    expect(started.status).toBe(201);
    const { name, serialNumber, secret } = await started.json();
    expect(serialNumber).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:mfa/staff/helpdesk/sato/${name}$`));
    expect((await stack.call('sato', `/api/me/mfa-devices/${name}`, json('PUT', consecutiveCodes(secret)))).status).toBe(200);
    // One made before devices moved under their user's path.
    const oldSerial = await enabledVirtualDevice('sato', 'sato-oldpath1', '/staff/sato/');
    const { devices } = await (await stack.call('sato', '/api/me/mfa-devices')).json();
    expect(devices.map((d: { serialNumber: string }) => d.serialNumber).sort()).toEqual([oldSerial, serialNumber].sort());
    for (const device of [name, 'sato-oldpath1']) expect((await stack.call('sato', `/api/me/mfa-devices/${device}`, { method: 'DELETE' })).status, device).toBe(204);
    const { MFADevices = [] } = await stack.admin.send(new ListMFADevicesCommand({ UserName: 'sato' }));
    expect(MFADevices).toEqual([]);
    // Deleted too, not only deactivated.
    await expect(stack.admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(stack.admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: oldSerial }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('lets every feature work as it is', async () => {
    await expireSessions();
    for (const [name, run] of Object.entries(features)) {
      expect([200, 201, 204], name).toContain(await run());
    }
  });

  it('lets a person’s session write no tag but a key’s name', async () => {
    const session = await roleSession([{ Key: 'kagi-purpose', Value: 'self-service' }, { Key: 'kagi-subject', Value: 'taro' }], 'taro');
    try {
      await expect(session.send(new TagUserCommand({ UserName: 'taro', Tags: [{ Key: 'department', Value: 'finance' }] }))).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(session.send(new TagUserCommand({ UserName: 'taro', Tags: [{ Key: 'AKIAIOSFODNN7EXAMPLE', Value: 'ok' }, { Key: 'team', Value: 'x' }] }))).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(session.send(new TagUserCommand({ UserName: 'hanako', Tags: [{ Key: 'AKIAIOSFODNN7EXAMPLE', Value: 'ok' }] }))).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      session.destroy();
    }
  });

  it('lets the system’s session read a person’s key names (the reminders give them) but write none', async () => {
    const session = await roleSession([{ Key: 'kagi-purpose', Value: 'system' }], 'kagi-system');
    try {
      await expect(session.send(new ListUserTagsCommand({ UserName: 'taro' }))).resolves.toMatchObject({ Tags: expect.any(Array) });
      await expect(session.send(new TagUserCommand({ UserName: 'taro', Tags: [{ Key: 'AKIAIOSFODNN7EXAMPLE', Value: 'x' }] }))).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(session.send(new UntagUserCommand({ UserName: 'taro', TagKeys: ['AKIAIOSFODNN7EXAMPLE'] }))).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      session.destroy();
    }
  });

  it('allows no session of the role anything on a user outside the path', async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'outsider' }));
    await stack.admin.send(new CreateLoginProfileCommand({ UserName: 'outsider', Password: 'Outsider-Password-2026!' }));
    const id = AccessKey!.AccessKeyId!;
    const sessions = [
      await roleSession([{ Key: 'kagi-purpose', Value: 'self-service' }, { Key: 'kagi-subject', Value: 'outsider' }], 'outsider'),
      await roleSession(helpdeskTags('outsider')),
      await roleSession([{ Key: 'kagi-purpose', Value: 'system' }], 'kagi-system'),
    ];
    const calls = [
      new GetUserCommand({ UserName: 'outsider' }),
      new ListAccessKeysCommand({ UserName: 'outsider' }),
      new CreateAccessKeyCommand({ UserName: 'outsider' }),
      new UpdateAccessKeyCommand({ UserName: 'outsider', AccessKeyId: id, Status: 'Inactive' }),
      new DeleteAccessKeyCommand({ UserName: 'outsider', AccessKeyId: id }),
      new GetLoginProfileCommand({ UserName: 'outsider' }),
      new UpdateLoginProfileCommand({ UserName: 'outsider', Password: 'Outsider-Password-2027!' }),
      new DeleteLoginProfileCommand({ UserName: 'outsider' }),
      new ListMFADevicesCommand({ UserName: 'outsider' }),
      // Nor the portal's own principal, outside /staff/ too.
      new CreateAccessKeyCommand({ UserName: 'kagi-portal' }),
    ];
    for (const session of sessions) {
      for (const command of calls) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of different commands
        await expect(session.send(command as any), command.constructor.name).rejects.toMatchObject({ name: 'AccessDenied' });
      }
    }
    // Only the help desk lists users; a person's session does not.
    await expect(sessions[0]!.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    for (const session of sessions) session.destroy();
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: 'outsider' }));
    expect(AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status])).toEqual([[id, 'Active']]);
  });
});
