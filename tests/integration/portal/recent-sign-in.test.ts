import crypto from 'node:crypto';
import { CreateUserCommand, ListAccessKeysCommand, ListMFADevicesCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consecutiveCodes } from '@/tests/support/local-iam';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * What a copied session cookie must not be able to do (the third security review): leave a
 * long-lived access key, an MFA device of its own or a help-desk code behind. Each needs a
 * sign-in at most 5 minutes old; one such sign-in covers a whole MFA set-up.
 */
let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function newPerson(): Promise<string> {
  const userName = `f${crypto.randomBytes(4).toString('hex')}`;
  await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
  return userName;
}

const json = (method: string, body: unknown, cookie: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', cookie },
  body: JSON.stringify(body),
});
const now = () => Math.floor(Date.now() / 1000);
/** Signed in an hour ago, active ever since (the session itself is alive). */
const stale = (userName: string) => stack.cookieFor(userName, { authTime: now() - 3600 });
const justOverFive = (userName: string) => stack.cookieFor(userName, { authTime: now() - 301 });
const activity = async (userName: string) =>
  ((await (await stack.call(userName, '/api/me/activity')).json()) as { entries: Array<{ action: string; outcome: string }> }).entries;

async function expectReauthRequired(res: Response) {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(await res.json()).toMatchObject({ code: 'reauth-required' });
}

describe('creating an access key', () => {
  it('needs a recent sign-in: an old one is refused and nothing is created or audited', async () => {
    const person = await newPerson();
    for (const cookie of [await stale(person), await justOverFive(person)]) {
      await expectReauthRequired(await stack.call(null, '/api/me/access-keys', json('POST', { description: 'laptop' }, cookie)));
    }
    expect((await stack.admin.send(new ListAccessKeysCommand({ UserName: person }))).AccessKeyMetadata).toEqual([]);
    expect(await activity(person)).toEqual([]);

    const fresh = await stack.call(person, '/api/me/access-keys', json('POST', { description: 'laptop' }, await stack.cookieFor(person)));
    expect(fresh.status).toBe(201);
  });

  it('what an old sign-in may still do: list, switch off and on, delete', async () => {
    const person = await newPerson();
    const created = await (await stack.call(person, '/api/me/access-keys', json('POST', {}, await stack.cookieFor(person)))).json();
    const old = await stale(person);
    expect((await stack.call(null, '/api/me/access-keys', { headers: { cookie: old } })).status).toBe(200);
    const path = `/api/me/access-keys/${created.accessKeyId}`;
    expect((await stack.call(null, path, json('PATCH', { status: 'Inactive' }, old))).status).toBe(200);
    expect((await stack.call(null, path, { method: 'DELETE', headers: { cookie: old, origin: stack.origin } })).status).toBe(204);
  });
});

describe('setting up an authenticator app', () => {
  it('starting needs a recent sign-in; nothing is made in IAM for an old one', async () => {
    const person = await newPerson();
    const before = (await stack.admin.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices?.length ?? 0;
    await expectReauthRequired(await stack.call(null, '/api/me/mfa-devices', json('POST', { name: 'phone' }, await stale(person))));
    expect((await stack.admin.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices?.length ?? 0).toBe(before);
    expect(await activity(person)).toEqual([]);
  });

  it('one recent sign-in covers the whole set-up: the codes are accepted after it has stopped being recent', async () => {
    const person = await newPerson();
    const started = await stack.call(null, '/api/me/mfa-devices', json('POST', { name: 'phone' }, await stack.cookieFor(person)));
    expect(started.status).toBe(201);
    const { name, secret, serialNumber } = await started.json();
    // The same session, six minutes on: the person was reading the instructions.
    const later = await stack.cookieFor(person, { authTime: now() - 360 });
    const enabled = await stack.call(null, `/api/me/mfa-devices/${name}`, json('PUT', consecutiveCodes(secret), later));
    expect(enabled.status).toBe(200);
    const devices = (await stack.admin.send(new ListMFADevicesCommand({ UserName: person }))).MFADevices ?? [];
    expect(devices.map((d) => d.SerialNumber)).toEqual([serialNumber]);
  });
});

describe('a help-desk code', () => {
  it('needs a recent sign-in: an old one gets no code, and nothing is stored or audited', async () => {
    const person = await newPerson();
    await expectReauthRequired(await stack.call(null, '/api/me/helpdesk-code', { method: 'POST', headers: { cookie: await stale(person), origin: stack.origin } }));
    const state = await (await stack.call(person, '/api/me/helpdesk-code')).json();
    expect(state.current).toBeNull();
    expect(await stack.db.selectFrom('helpdesk_codes').select('subject').where('subject', '=', person).execute()).toEqual([]);
    expect(await activity(person)).toEqual([]);
  });

  it('a recent sign-in gets one, and its issue is in the person’s activity (never the code)', async () => {
    const person = await newPerson();
    const res = await stack.call(person, '/api/me/helpdesk-code', { method: 'POST' });
    expect(res.status).toBe(201);
    const { code } = await res.json();
    expect(code).toMatch(/^\d{6}$/);
    expect(await activity(person)).toMatchObject([{ action: 'helpdesk-code.issue', outcome: 'ok' }]);
    const rows = await stack.db.selectFrom('audit_entries').selectAll().where('subject', '=', person).execute();
    expect(JSON.stringify(rows)).not.toContain(code);
  });
});
