import fs from 'node:fs';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  CreateLoginProfileCommand,
  UpdateLoginProfileCommand,
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  UpdateAccountPasswordPolicyCommand,
  ListUserTagsCommand,
  TagUserCommand,
  UntagUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ListMFADeviceTagsCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { DEMO_PASSWORD_POLICY } from '@/local/seed.mjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consecutiveCodes } from '@/tests/support/local-iam';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * deploy/iam-policy.json is the least the portal needs: remove any one statement and a
 * feature fails; and it reaches no user outside the path Kagi serves.
 */
const policy = JSON.parse(fs.readFileSync('deploy/iam-policy.json', 'utf8')) as {
  Version: string;
  Statement: Array<{ Sid: string; Action: string | string[] }>;
};

let stack: PortalStack;
let agentCookie: string;

beforeAll(async () => {
  stack = await startPortalStack();
  agentCookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
  await stack.admin.send(new CreateUserCommand({ UserName: 'outsider', Path: '/external/' }));
});
afterAll(async () => {
  await stack?.stop();
});
afterEach(async () => {
  await putPortalPolicy(policy);
});

async function putPortalPolicy(document: unknown) {
  await stack.admin.send(
    new PutUserPolicyCommand({ UserName: 'kagi-portal', PolicyName: 'kagi-portal', PolicyDocument: JSON.stringify(document) }),
  );
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A feature of Kagi, tried through its HTTP API; answers the status it got. */
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
  'name a key': async () => {
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    try {
      return (await stack.call('taro', `/api/me/access-keys/${AccessKey!.AccessKeyId}`, json('PATCH', { description: 'least privilege' }))).status;
    } finally {
      await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: AccessKey!.AccessKeyId! }));
      await stack.admin.send(new UntagUserCommand({ UserName: 'taro', TagKeys: [AccessKey!.AccessKeyId!] }));
    }
  },
  'set my console password': async () =>
    (await stack.call('taro', '/api/me/console-password', json('PUT', { newPassword: `Least-Priv-${Date.now()}-Aa1!` }))).status,
  'see my console password status': async () => (await stack.call('taro', '/api/me/console-password')).status,
  // Not a statement of its own: it reads the password policy (ReadThePasswordPolicy).
  readiness: async () => (await stack.call(null, '/api/health/ready')).status,
  'help desk: find a person': async () =>
    (await stack.call(null, '/api/helpdesk/users?q=ta', { headers: { cookie: agentCookie } })).status,
  'start adding an authenticator app': async () => {
    const res = await stack.call('taro', '/api/me/mfa-devices', json('POST', { name: 'Least privilege' }));
    if (res.status === 201) {
      const { name } = await res.json();
      expect((await stack.call('taro', `/api/me/mfa-devices/${name}`, { method: 'DELETE' })).status).toBe(204);
    }
    return res.status;
  },
  'finish adding an authenticator app, then remove it': async () => {
    const started = await stack.call('hanako', '/api/me/mfa-devices', json('POST', { name: 'Least privilege' }));
    expect(started.status).toBe(201);
    const { name, secret } = await started.json();
    const res = await stack.call('hanako', `/api/me/mfa-devices/${name}`, json('PUT', consecutiveCodes(secret)));
    if (res.status === 200) {
      expect((await stack.call('hanako', `/api/me/mfa-devices/${name}`, { method: 'DELETE' })).status).toBe(204);
    } else {
      await stack.call('hanako', `/api/me/mfa-devices/${name}`, { method: 'DELETE' });
    }
    return res.status;
  },
};

/** Which feature each statement exists for. */
const featureOf: Record<string, string> = {
  ReadUsersAndTheirCredentials: 'list my keys',
  ManageAccessKeys: 'create a key',
  NameAccessKeys: 'name a key',
  ManageConsolePasswords: 'set my console password',
  FindUsersForTheHelpDesk: 'help desk: find a person',
  ReadThePasswordPolicy: 'see my console password status',
  ManageAuthenticatorAppDevices: 'start adding an authenticator app',
  AssignMFADevices: 'finish adding an authenticator app, then remove it',
};

describe('deploy/iam-policy.json', () => {
  it('names a feature for every statement', () => {
    expect(policy.Statement.map((s) => s.Sid).sort()).toEqual(Object.keys(featureOf).sort());
  });

  // Before anything uses the help-desk search: its short-lived user directory would hide the refusal.
  it.each(Object.entries(featureOf))('without %s, “%s” fails with iam-denied', async (sid, feature) => {
    await putPortalPolicy({ ...policy, Statement: policy.Statement.filter((s) => s.Sid !== sid) });
    if (sid === 'ReadThePasswordPolicy') {
      // IAM lets every *user* read the policy when users may change their own passwords; a
      // portal running as a role, or an account that forbids it, needs the statement.
      await stack.admin.send(new UpdateAccountPasswordPolicyCommand({ ...DEMO_PASSWORD_POLICY, AllowUsersToChangePassword: false }));
    }
    try {
      expect(await features[feature]!()).toBe(502);
      if (sid === 'ReadThePasswordPolicy') {
        const res = await stack.call(null, '/api/health/ready');
        expect(res.status).toBe(503);
        expect((await res.json()).checks).toMatchObject({ database: 'ok', iam: 'denied' });
      }
    } finally {
      await stack.admin.send(new UpdateAccountPasswordPolicyCommand(DEMO_PASSWORD_POLICY));
    }
  });

  it('lets every feature work as it is', async () => {
    for (const [name, run] of Object.entries(features)) {
      expect([200, 201, 204], name).toContain(await run());
    }
  });

  it('allows nothing on a user outside the path', async () => {
    const endpoint = await stack.admin.config.endpoint!();
    const asPortal = new IAMClient({
      endpoint: `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: stack.portalKey,
    });
    const { AccessKey } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'outsider' }));
    const outsidePhone = (await stack.admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'outsider-phone', Path: '/external/' })))
      .VirtualMFADevice!.SerialNumber!;
    const calls = [
      new GetUserCommand({ UserName: 'outsider' }),
      new ListAccessKeysCommand({ UserName: 'outsider' }),
      new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKey!.AccessKeyId! }),
      new CreateAccessKeyCommand({ UserName: 'outsider' }),
      new UpdateAccessKeyCommand({ UserName: 'outsider', AccessKeyId: AccessKey!.AccessKeyId!, Status: 'Inactive' }),
      new DeleteAccessKeyCommand({ UserName: 'outsider', AccessKeyId: AccessKey!.AccessKeyId! }),
      new GetLoginProfileCommand({ UserName: 'outsider' }),
      new CreateLoginProfileCommand({ UserName: 'outsider', Password: 'Outsider-Password-2026!' }),
      new UpdateLoginProfileCommand({ UserName: 'outsider', Password: 'Outsider-Password-2026!' }),
      new DeleteLoginProfileCommand({ UserName: 'outsider' }),
      new ListMFADevicesCommand({ UserName: 'outsider' }),
      new ListUserTagsCommand({ UserName: 'outsider' }),
      new TagUserCommand({ UserName: 'outsider', Tags: [{ Key: AccessKey!.AccessKeyId!, Value: 'x' }] }),
      new UntagUserCommand({ UserName: 'outsider', TagKeys: [AccessKey!.AccessKeyId!] }),
      new EnableMFADeviceCommand({ UserName: 'outsider', SerialNumber: outsidePhone, AuthenticationCode1: '123456', AuthenticationCode2: '234567' }),
      new DeactivateMFADeviceCommand({ UserName: 'outsider', SerialNumber: outsidePhone }),
      new ResyncMFADeviceCommand({ UserName: 'outsider', SerialNumber: outsidePhone, AuthenticationCode1: '123456', AuthenticationCode2: '234567' }),
      // Devices outside Kagi's path: another path, or none.
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'not-kagis', Path: '/external/' }),
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'not-kagis-either' }),
      new DeleteVirtualMFADeviceCommand({ SerialNumber: outsidePhone }),
      new ListMFADeviceTagsCommand({ SerialNumber: outsidePhone }),
      new TagMFADeviceCommand({ SerialNumber: outsidePhone, Tags: [{ Key: 'k', Value: 'v' }] }),
      new ListVirtualMFADevicesCommand({}),
      // Nor on the portal's own principal, which lives outside /staff/ too.
      new CreateAccessKeyCommand({ UserName: 'kagi-portal' }),
    ];
    for (const command of calls) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of different commands
      await expect(asPortal.send(command as any), command.constructor.name).rejects.toMatchObject({ name: 'AccessDenied' });
    }
    asPortal.destroy();
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: 'outsider' }));
    expect(AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status])).toEqual([[AccessKey!.AccessKeyId, 'Active']]);
  });

  it('lets the portal write only tags whose key looks like an access key ID (aws:TagKeys), on users under the path', async () => {
    const asPortal = await portalClient();
    const keyId = 'AKIAEXAMPLE000000001';
    // A key's name: allowed, and removable.
    await asPortal.send(new TagUserCommand({ UserName: 'taro', Tags: [{ Key: keyId, Value: 'a name' }] }));
    await asPortal.send(new UntagUserCommand({ UserName: 'taro', TagKeys: [keyId] }));
    // Any other tag (e.g. one an administrator's policies may key on) is out of reach, alone or alongside a key's name.
    await stack.admin.send(new TagUserCommand({ UserName: 'taro', Tags: [{ Key: 'team', Value: 'sales' }] }));
    const refused = [
      new TagUserCommand({ UserName: 'taro', Tags: [{ Key: 'team', Value: 'admins' }] }),
      new TagUserCommand({ UserName: 'taro', Tags: [{ Key: keyId, Value: 'a name' }, { Key: 'team', Value: 'admins' }] }),
      new TagUserCommand({ UserName: 'taro', Tags: [{ Key: 'AKIA-not-a-key-id', Value: 'x' }] }),
      new UntagUserCommand({ UserName: 'taro', TagKeys: ['team'] }),
    ];
    try {
      for (const command of refused) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of different commands
        await expect(asPortal.send(command as any), JSON.stringify(command.input)).rejects.toMatchObject({ name: 'AccessDenied' });
      }
      const { Tags = [] } = await stack.admin.send(new ListUserTagsCommand({ UserName: 'taro' }));
      expect(Tags).toEqual([{ Key: 'team', Value: 'sales' }]);
    } finally {
      await stack.admin.send(new UntagUserCommand({ UserName: 'taro', TagKeys: ['team'] }));
      asPortal.destroy();
    }
  });
});

async function portalClient(): Promise<IAMClient> {
  const endpoint = await stack.admin.config.endpoint!();
  return new IAMClient({
    endpoint: `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: stack.portalKey,
  });
}
