import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consecutiveCodes, totpCode } from '@/tests/support/local-iam';
import { startPortalStack, testStore, type PortalStack } from '@/tests/support/portal-stack';

/**
 * The MFA routes against the real portal and the local IAM endpoint: every code and refusal,
 * with IAM's state checked through the SDK after each change.
 */
let stack: PortalStack;
/** Every seed and code this file sent or got, for the leak check at the end. */
const secrets: string[] = [];

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** A person of our own under /staff/, so rate limits in one test do not reach another. */
async function newPerson(): Promise<string> {
  const userName = `m${crypto.randomBytes(4).toString('hex')}`;
  await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
  return userName;
}

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function start(userName: string, label = 'My phone') {
  const res = await stack.call(userName, '/api/me/mfa-devices', json('POST', { name: label }));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { name: string; label: string; serialNumber: string; secret: string; qrCodePng: string };
  secrets.push(body.secret);
  return { res, ...body };
}

function codes(secret: string, stepsFromNow = 0) {
  const c = consecutiveCodes(secret, stepsFromNow);
  secrets.push(c.code1, c.code2);
  return c;
}

const assigned = async (userName: string) =>
  ((await stack.admin.send(new ListMFADevicesCommand({ UserName: userName }))).MFADevices ?? []).map((d) => d.SerialNumber);
const virtualDevices = async (status: 'Assigned' | 'Unassigned' | 'Any' = 'Any') =>
  ((await stack.admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: status }))).VirtualMFADevices ?? []).map((d) => d.SerialNumber);
const activity = async (userName: string) =>
  ((await (await stack.call(userName, '/api/me/activity')).json()) as { entries: Array<{ action: string; outcome: string }> }).entries;

describe('GET /api/me/mfa-devices', () => {
  it('lists nothing for a person without devices, with the quota of eight', async () => {
    const person = await newPerson();
    const res = await stack.call(person, '/api/me/mfa-devices');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(await res.json()).toEqual({ devices: [], quota: 8 });
  });

  it('lists security keys and hardware tokens (seeded: IAM’s API cannot register them) by kind', async () => {
    const person = await newPerson();
    stack.iam.seedMfaDevice(person, `arn:aws:iam::123456789012:u2f/user/${person}/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ`);
    stack.iam.seedMfaDevice(person, 'GAHT12345678');
    const { devices } = await (await stack.call(person, '/api/me/mfa-devices')).json();
    expect(devices).toHaveLength(2);
    expect(devices).toEqual(expect.arrayContaining([
      { name: 'yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ', label: null, serialNumber: expect.stringContaining(':u2f/'), enabledAt: expect.any(String), kind: 'security-key' },
      { name: 'GAHT12345678', label: null, serialNumber: 'GAHT12345678', enabledAt: expect.any(String), kind: 'hardware' },
    ]));
  });
});

describe('POST /api/me/mfa-devices', () => {
  it('makes a virtual device under the user path, named after the user, labelled with a tag, and answers the seed once (no-store)', async () => {
    const person = await newPerson();
    const { res, name, label, serialNumber, secret, qrCodePng } = await start(person, "Taro's iPhone 会社用");
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(name).toMatch(new RegExp(`^${person}-[a-z0-9]{8}$`));
    expect(label).toBe("Taro's iPhone 会社用");
    expect(serialNumber).toBe(`arn:aws:iam::123456789012:mfa/staff/${person}/${name}`);
    expect(secret).toMatch(/^[A-Z2-7]{64}$/);
    expect(Buffer.from(qrCodePng, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await virtualDevices('Unassigned')).toContain(serialNumber);
    // IAM's tag values allow no apostrophe: the label is stored encoded, and read back as given.
    const { Tags } = await stack.admin.send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber }));
    expect(Tags).toEqual([{ Key: 'kagi:label', Value: expect.stringMatching(/^b64:/) }]);
    // Not in use until codes are given: the list is still empty.
    expect((await (await stack.call(person, '/api/me/mfa-devices')).json()).devices).toEqual([]);
    const rows = await stack.db.selectFrom('mfa_enrolments').selectAll().where('subject', '=', person).execute();
    expect(rows).toEqual([expect.objectContaining({ device_name: name, serial_number: serialNumber })]);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('refuses a missing, empty, too long or non-text name with invalid-input, and makes nothing', async () => {
    const person = await newPerson();
    const before = await virtualDevices();
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(41) }, { name: 7 }, { name: 'ok', extra: 1 }, { name: 'bell\u0007' }]) {
      const res = await stack.call(person, '/api/me/mfa-devices', json('POST', body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).code).toBe('invalid-input');
    }
    expect(await virtualDevices()).toEqual(before);
  });

  it('refuses a name with a bidi control or a zero-width character (400 invalid-input, hidden-characters), and makes nothing', async () => {
    const person = await newPerson();
    const before = await virtualDevices();
    for (const name of ['Work\u202e iPhone', 'Work\u200biPhone', '\u2067Work iPhone\u2069', 'Work\u200fiPhone', 'Work\ufeffiPhone']) {
      const res = await stack.call(person, '/api/me/mfa-devices', json('POST', { name }));
      expect(res.status, JSON.stringify(name)).toBe(400);
      const problem = await res.json();
      expect(problem.code).toBe('invalid-input');
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'name', message: 'hidden-characters' })]);
    }
    expect(await virtualDevices()).toEqual(before);
  });

  it('refuses a request from another site (403 cross-origin)', async () => {
    const person = await newPerson();
    const before = await virtualDevices();
    const res = await stack.call(person, '/api/me/mfa-devices', json('POST', { name: 'x' }, { origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('cross-origin');
    expect(await virtualDevices()).toEqual(before);
  });

  it('a new set-up abandons the person’s unfinished one: its device is deleted', async () => {
    const person = await newPerson();
    const first = await start(person);
    const second = await start(person);
    const all = await virtualDevices();
    expect(all).not.toContain(first.serialNumber);
    expect(all).toContain(second.serialNumber);
    expect((await activity(person)).map((e) => `${e.action}:${e.outcome}`).slice(0, 3)).toEqual([
      'mfa-device.create:ok',
      'mfa-device.abandon:ok',
      'mfa-device.create:ok',
    ]);
  });

  it('a new set-up goes ahead when the unfinished one cannot be cleared away now; that one stays recorded for the sweep', async () => {
    const person = await newPerson();
    const first = await start(person);
    // Kagi's IAM calls retry a failed delete a few times; fail more often than that.
    stack.iam.injectFault({ action: 'DeleteVirtualMFADevice', count: 10, fault: 'ServiceUnavailable' });
    let second: Awaited<ReturnType<typeof start>>;
    try {
      second = await start(person);
    } finally {
      stack.iam.clearFaults();
    }
    const all = await virtualDevices();
    expect(all).toContain(first.serialNumber);
    expect(all).toContain(second.serialNumber);
    const recorded = await stack.db.selectFrom('mfa_enrolments').select('device_name').where('subject', '=', person).execute();
    expect(recorded.map((r) => r.device_name).sort()).toEqual([first.name, second.name].sort());
    expect((await activity(person)).map((e) => `${e.action}:${e.outcome}`).slice(0, 3)).toEqual([
      'mfa-device.create:ok',
      'mfa-device.abandon:iam-unavailable',
      'mfa-device.create:ok',
    ]);
  });
});

describe('PUT /api/me/mfa-devices/:name (two codes in a row)', () => {
  it('refuses wrong codes with 400 invalid-code, then enables with the current and the next code', async () => {
    const person = await newPerson();
    const { name, serialNumber, secret } = await start(person, 'Pixel');
    const wrong = await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', { code1: '000000', code2: '000000' }));
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).code).toBe('invalid-code');
    expect(await assigned(person)).toEqual([]);

    const ok = await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', codes(secret)));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ name, label: 'Pixel', serialNumber, enabledAt: expect.any(String), kind: 'virtual' });
    expect(await assigned(person)).toEqual([serialNumber]);
    expect(await stack.db.selectFrom('mfa_enrolments').selectAll().where('subject', '=', person).execute()).toEqual([]);
    const { devices } = await (await stack.call(person, '/api/me/mfa-devices')).json();
    expect(devices).toEqual([{ name, label: 'Pixel', serialNumber, enabledAt: expect.any(String), kind: 'virtual' }]);
    expect((await activity(person)).map((e) => `${e.action}:${e.outcome}`).slice(0, 3)).toEqual([
      'mfa-device.enable:ok',
      'mfa-device.enable:invalid-code',
      'mfa-device.create:ok',
    ]);
    const entries = await stack.db.selectFrom('audit_entries').select(['action', 'mfa_device']).where('subject', '=', person).execute();
    expect(entries.every((e) => e.mfa_device === name)).toBe(true);
  });

  it('accepts codes typed with a space in the middle; refuses letters and wrong lengths as invalid-input', async () => {
    const person = await newPerson();
    const { name, secret } = await start(person);
    for (const body of [{ code1: 'abcdef', code2: '123456' }, { code1: '12345', code2: '123456' }, { code1: '123456' }, { code1: 123456, code2: 123456 }]) {
      const res = await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).code).toBe('invalid-input');
    }
    const { code1, code2 } = codes(secret);
    const res = await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', { code1: `${code1.slice(0, 3)} ${code1.slice(3)}`, code2 }));
    expect(res.status).toBe(200);
  });

  it('another person’s set-up is not found, and stays unassigned', async () => {
    const owner = await newPerson();
    const other = await newPerson();
    const { name, serialNumber, secret } = await start(owner);
    const res = await stack.call(other, `/api/me/mfa-devices/${name}`, json('PUT', codes(secret)));
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('not-found');
    expect(await virtualDevices('Unassigned')).toContain(serialNumber);
    expect(await assigned(other)).toEqual([]);
  });

  it('allows ten code attempts in 15 minutes, counting resyncs too, then 429 rate-limited (audited)', async () => {
    const person = await newPerson();
    const { name, secret } = await start(person);
    const wrong = totpCode(secret) === '111111' ? '222222' : '111111';
    for (let i = 0; i < 10; i++) {
      const res = await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', { code1: wrong, code2: wrong }));
      expect(res.status).toBe(400);
    }
    const limited = await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', codes(secret)));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('900');
    expect((await limited.json()).code).toBe('rate-limited');
    expect(await assigned(person)).toEqual([]);
    expect((await activity(person))[0]).toMatchObject({ action: 'mfa-device.enable', outcome: 'rate-limited' });
  });
});

describe('POST /api/me/mfa-devices/:name/resync', () => {
  it('resyncs a phone whose clock runs ten minutes fast; refuses codes that match nothing', async () => {
    const person = await newPerson();
    const { name, secret } = await start(person);
    expect((await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', codes(secret)))).status).toBe(200);
    const refused = await stack.call(person, `/api/me/mfa-devices/${name}/resync`, json('POST', codes(secret, 240)));
    expect(refused.status).toBe(400);
    expect((await refused.json()).code).toBe('invalid-code');
    const res = await stack.call(person, `/api/me/mfa-devices/${name}/resync`, json('POST', codes(secret, 20)));
    expect(res.status).toBe(200);
    expect((await res.json()).name).toBe(name);
    expect((await activity(person)).map((e) => `${e.action}:${e.outcome}`).slice(0, 2)).toEqual(['mfa-device.resync:ok', 'mfa-device.resync:invalid-code']);
  });

  it('refuses a security key (409 mfa-resync-not-possible) and a device that is not the person’s (404)', async () => {
    const person = await newPerson();
    stack.iam.seedMfaDevice(person, `arn:aws:iam::123456789012:u2f/user/${person}/key-ABCDEFGHIJKLMNOPQRSTUVWXYZ`);
    const key = await stack.call(person, `/api/me/mfa-devices/key-ABCDEFGHIJKLMNOPQRSTUVWXYZ/resync`, json('POST', { code1: '123456', code2: '234567' }));
    expect(key.status).toBe(409);
    expect((await key.json()).code).toBe('mfa-resync-not-possible');
    const none = await stack.call(person, `/api/me/mfa-devices/${person}-zzzzzzzz/resync`, json('POST', { code1: '123456', code2: '234567' }));
    expect(none.status).toBe(404);
  });
});

describe('DELETE /api/me/mfa-devices/:name', () => {
  it('needs a sign-in at most 5 minutes old to remove a device in use (401 reauth-required, nothing changes)', async () => {
    const person = await newPerson();
    const { name, serialNumber, secret } = await start(person);
    expect((await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', codes(secret)))).status).toBe(200);
    const stale = await stack.cookieFor(person, { authTime: Math.floor(Date.now() / 1000) - 301 });
    const refused = await stack.call(null, `/api/me/mfa-devices/${name}`, { method: 'DELETE', headers: { cookie: stale } });
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe('reauth-required');
    expect(await assigned(person)).toEqual([serialNumber]);

    const res = await stack.call(person, `/api/me/mfa-devices/${name}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await assigned(person)).toEqual([]);
    expect(await virtualDevices()).not.toContain(serialNumber);
    expect((await activity(person))[0]).toMatchObject({ action: 'mfa-device.delete', outcome: 'ok' });
  });

  it('removes a security key by deactivating it (it has no virtual device)', async () => {
    const person = await newPerson();
    stack.iam.seedMfaDevice(person, `arn:aws:iam::123456789012:u2f/user/${person}/key-ABCDEFGHIJKLMNOPQRSTUVWXYZ`);
    expect((await stack.call(person, `/api/me/mfa-devices/key-ABCDEFGHIJKLMNOPQRSTUVWXYZ`, { method: 'DELETE' })).status).toBe(204);
    expect(await assigned(person)).toEqual([]);
  });

  it('cancels an unfinished set-up without a fresh sign-in: its device is deleted, audited as abandoned', async () => {
    const person = await newPerson();
    const { name, serialNumber } = await start(person);
    const stale = await stack.cookieFor(person, { authTime: Math.floor(Date.now() / 1000) - 3600 });
    const res = await stack.call(null, `/api/me/mfa-devices/${name}`, { method: 'DELETE', headers: { cookie: stale, origin: stack.origin } });
    expect(res.status).toBe(204);
    expect(await virtualDevices()).not.toContain(serialNumber);
    expect((await activity(person))[0]).toMatchObject({ action: 'mfa-device.abandon', outcome: 'ok' });
    expect((await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', { code1: '123456', code2: '234567' }))).status).toBe(404);
  });

  it('another person’s device, or an unknown one, is not found', async () => {
    const owner = await newPerson();
    const other = await newPerson();
    const { name, serialNumber, secret } = await start(owner);
    expect((await stack.call(owner, `/api/me/mfa-devices/${name}`, json('PUT', codes(secret)))).status).toBe(200);
    expect((await stack.call(other, `/api/me/mfa-devices/${name}`, { method: 'DELETE' })).status).toBe(404);
    expect((await stack.call(other, `/api/me/mfa-devices/no-such-device`, { method: 'DELETE' })).status).toBe(404);
    expect(await assigned(owner)).toEqual([serialNumber]);
  });
});

describe('the help desk', () => {
  const agent = async () => stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
  const asAgent = async (path: string, init: RequestInit = {}) =>
    stack.call(null, path, { ...init, headers: { cookie: await agent(), ...(init.headers as Record<string, string>) } });

  async function openCase(userName: string, ticket: string): Promise<string> {
    const { code } = await (await stack.call(userName, '/api/me/helpdesk-code', { method: 'POST' })).json();
    const res = await asAgent(`/api/helpdesk/users/${userName}/cases`, json('POST', { ticket, code }));
    expect(res.status).toBe(201);
    return (await res.json()).id;
  }

  async function enabledDevice(userName: string, label: string) {
    const started = await start(userName, label);
    expect((await stack.call(userName, `/api/me/mfa-devices/${started.name}`, json('PUT', codes(started.secret)))).status).toBe(200);
    return started;
  }

  it('sees the person’s devices, with their names, in the overview', async () => {
    const person = await newPerson();
    const { name } = await enabledDevice(person, 'Galaxy 会社用');
    const overview = await (await asAgent(`/api/helpdesk/users/${person}`)).json();
    expect(overview.mfaDevices).toEqual([{ name, label: 'Galaxy 会社用', serialNumber: expect.stringContaining(name), enabledAt: expect.any(String), kind: 'virtual' }]);
  });

  it('removes a lost device under a verified case: deactivated and deleted, audited with the ticket', async () => {
    const person = await newPerson();
    const { name, serialNumber } = await enabledDevice(person, 'Lost phone');
    const caseId = await openCase(person, 'INC-MFA-1');
    const res = await asAgent(`/api/helpdesk/users/${person}/actions`, json('POST', { caseId, action: 'remove-mfa-device', mfaDevice: name }));
    expect(res.status).toBe(200);
    expect(await assigned(person)).toEqual([]);
    expect(await virtualDevices()).not.toContain(serialNumber);
    const [entry] = await stack.db.selectFrom('audit_entries').selectAll().where('subject', '=', person).where('action', '=', 'mfa-device.delete').execute();
    expect(entry).toMatchObject({ actor: 'sato', ticket: 'INC-MFA-1', verification: 'code', mfa_device: name, outcome: 'ok' });
  });

  it('removes a lost device set up in the AWS console, which Kagi may not delete: deactivated, left unassigned, and a new one can be set up', async () => {
    const person = await newPerson();
    // The console makes virtual devices at the path "/", outside what deploy/iam-policy.json lets Kagi delete.
    const { VirtualMFADevice } = await stack.admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${person}-console`, Path: '/' }));
    const serialNumber = VirtualMFADevice!.SerialNumber!;
    const seed = new TextDecoder().decode(VirtualMFADevice!.Base32StringSeed);
    const { code1, code2 } = codes(seed);
    await stack.admin.send(new EnableMFADeviceCommand({ UserName: person, SerialNumber: serialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
    const caseId = await openCase(person, 'INC-MFA-CONSOLE');

    const res = await asAgent(`/api/helpdesk/users/${person}/actions`, json('POST', { caseId, action: 'remove-mfa-device', mfaDevice: `${person}-console` }));
    expect(res.status).toBe(200);
    expect(await assigned(person)).toEqual([]);
    expect(await virtualDevices('Unassigned')).toContain(serialNumber);
    const entries = await stack.db.selectFrom('audit_entries').selectAll().where('subject', '=', person).where('action', '=', 'mfa-device.delete').execute();
    expect(entries.map((e) => e.outcome)).toEqual(['ok']);
    // Nothing is left for the sweep to retry, and the person's next set-up is not held up by it.
    expect(await stack.db.selectFrom('mfa_enrolments').selectAll().where('subject', '=', person).execute()).toEqual([]);
    const next = await start(person, 'New phone');
    expect((await stack.call(person, `/api/me/mfa-devices/${next.name}`, json('PUT', codes(next.secret)))).status).toBe(200);
    expect(await assigned(person)).toEqual([next.serialNumber]);
    expect(fs.readFileSync(stack.logFile, 'utf8')).toContain('stays unassigned in the account');
  });

  it('refuses before a case verified another way is approved (409), and an unknown device (404); nothing changes', async () => {
    const person = await newPerson();
    const { name, serialNumber } = await enabledDevice(person, 'Kept phone');
    const opened = await asAgent(`/api/helpdesk/users/${person}/cases`, json('POST', { ticket: 'INC-MFA-2', otherMethod: 'called back on the desk phone in the directory' }));
    const { id } = await opened.json();
    const refused = await asAgent(`/api/helpdesk/users/${person}/actions`, json('POST', { caseId: id, action: 'remove-mfa-device', mfaDevice: name }));
    expect(refused.status).toBe(409);
    expect((await refused.json()).code).toBe('case-awaiting-approval');
    const caseId = await openCase(person, 'INC-MFA-3');
    const unknown = await asAgent(`/api/helpdesk/users/${person}/actions`, json('POST', { caseId, action: 'remove-mfa-device', mfaDevice: 'not-theirs' }));
    expect(unknown.status).toBe(404);
    const bad = await asAgent(`/api/helpdesk/users/${person}/actions`, json('POST', { caseId, action: 'remove-mfa-device', mfaDevice: 'bad name!' }));
    expect(bad.status).toBe(400);
    expect(await assigned(person)).toEqual([serialNumber]);
  });

  it('a guided reset’s “set up MFA again” turns in progress, then done, from the person’s own set-up', async () => {
    const person = await newPerson();
    const caseId = await openCase(person, 'INC-MFA-4');
    const started = await asAgent('/api/helpdesk/guided-sessions', json('POST', { userName: person, caseId, steps: ['set-up-mfa'] }));
    expect(started.status).toBe(201);
    const { id } = await started.json();
    const state = async () => (await (await asAgent(`/api/helpdesk/guided-sessions/${id}`)).json()).steps[0].state;
    expect(await state()).toBe('not-started');
    const { name, secret } = await start(person, 'New phone');
    expect(await state()).toBe('in-progress');
    expect((await stack.call(person, `/api/me/mfa-devices/${name}`, json('PUT', codes(secret)))).status).toBe(200);
    expect(await state()).toBe('done');
    const [entry] = await stack.db.selectFrom('audit_entries').selectAll().where('subject', '=', person).where('action', '=', 'mfa-device.enable').execute();
    expect(entry?.ticket).toBe('INC-MFA-4');
  });
});

describe('secrets', () => {
  it('no seed or code this file used is in the portal’s log or its database', async () => {
    expect(secrets.filter((s) => /^[A-Z2-7]{64}$/.test(s)).length).toBeGreaterThan(5);
    const log = fs.readFileSync(stack.logFile, 'utf8');
    const stored = await stack.storedText();
    for (const secret of new Set(secrets)) {
      // Codes are six digits: look for them as a value of their own, not inside a longer number.
      const pattern = new RegExp(`(?<![0-9A-Za-z])${secret}(?![0-9A-Za-z])`);
      expect(pattern.test(log), `log has ${secret.slice(0, 4)}…`).toBe(false);
      expect(pattern.test(stored), `store has ${secret.slice(0, 4)}…`).toBe(false);
    }
  });
});

describe('abandoned set-ups', () => {
  let sweeping: PortalStack;
  beforeAll(async () => {
    // On PostgreSQL, two instances sweep the same records: each device is deleted by one.
    sweeping = await startPortalStack({ heartbeatSeconds: 1, instances: testStore() === 'postgres' ? 2 : 1, portalEnv: { MFA_ENROLMENT_SECONDS: '10' } });
  });
  afterAll(async () => {
    await sweeping?.stop();
  });

  it('the sweep deletes the device of a set-up left unfinished past MFA_ENROLMENT_SECONDS, once; codes then find nothing', async () => {
    await sweeping.admin.send(new CreateUserCommand({ UserName: 'leaver', Path: '/staff/' }));
    const res = await sweeping.call('leaver', '/api/me/mfa-devices', json('POST', { name: 'left open' }));
    const { name, serialNumber, secret } = await res.json();
    const list = async () => ((await sweeping.admin.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices ?? []).map((d) => d.SerialNumber);
    expect(await list()).toContain(serialNumber);
    const deadline = Date.now() + 30_000;
    while ((await list()).includes(serialNumber) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(await list()).not.toContain(serialNumber);
    // Exactly one entry: however many instances sweep, one claimed the record.
    await new Promise((r) => setTimeout(r, 4_000));
    const entries = await sweeping.db.selectFrom('audit_entries').selectAll().where('action', '=', 'mfa-device.abandon').execute();
    expect(entries).toEqual([expect.objectContaining({ actor: 'kagi:sweep', subject: 'leaver', mfa_device: name, outcome: 'ok' })]);
    expect(await sweeping.db.selectFrom('mfa_enrolments').selectAll().execute()).toEqual([]);
    const late = await sweeping.call('leaver', `/api/me/mfa-devices/${name}`, json('PUT', consecutiveCodes(secret)));
    expect(late.status).toBe(404);
  }, 45_000);

  it('a set-up whose answer was lost (IAM made the device, Kagi never heard) is cleared by the sweep too', async () => {
    await sweeping.admin.send(new CreateUserCommand({ UserName: 'unlucky', Path: '/staff/' }));
    sweeping.iam.injectFault({ action: 'CreateVirtualMFADevice', count: 1, fault: 'drop-after' });
    const res = await sweeping.call('unlucky', '/api/me/mfa-devices', json('POST', { name: 'lost answer' }));
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('iam-unavailable');
    const mine = async () =>
      ((await sweeping.admin.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices ?? []).map((d) => d.SerialNumber!).filter((s) => s.includes('/unlucky-'));
    expect(await mine()).toHaveLength(1);
    const deadline = Date.now() + 30_000;
    while ((await mine()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(await mine()).toEqual([]);
    const entries = await sweeping.db.selectFrom('audit_entries').select(['action', 'outcome']).where('subject', '=', 'unlucky').orderBy('id').execute();
    expect(entries).toEqual([
      { action: 'mfa-device.create', outcome: 'iam-unavailable' },
      { action: 'mfa-device.abandon', outcome: 'ok' },
    ]);
  }, 45_000);

  it('a set-up finished in time is left alone by the sweep', async () => {
    await sweeping.admin.send(new CreateUserCommand({ UserName: 'stayer', Path: '/staff/' }));
    const { name, serialNumber, secret } = await (await sweeping.call('stayer', '/api/me/mfa-devices', json('POST', { name: 'kept' }))).json();
    expect((await sweeping.call('stayer', `/api/me/mfa-devices/${name}`, json('PUT', consecutiveCodes(secret)))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 14_000));
    expect(((await sweeping.admin.send(new ListMFADevicesCommand({ UserName: 'stayer' }))).MFADevices ?? []).map((d) => d.SerialNumber)).toEqual([serialNumber]);
  }, 30_000);
});
