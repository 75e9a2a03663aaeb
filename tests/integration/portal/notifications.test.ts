import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instanceIdOf, waitFor } from '@/tests/support/instances';
import { mailTo, oneMessageAfter, type ReceivedMail } from '@/tests/support/mailbox';
import { signInForReal } from '@/tests/support/oidc-sign-in';
import fs from 'node:fs';
import { startPortalStack, testStore, type PortalStack } from '@/tests/support/portal-stack';

/**
 * Change notices, end to end: a change through the real routes, its audit entry and outbox row
 * in one transaction, the worker sending over real SMTP (nodemailer) into the local mail
 * stand-in (smtp-server), addressed from what a real sign-in at the local identity provider
 * recorded. One message per change, in the person's language and time zone, saying who did
 * it; never a secret; a mail server that refuses does not hold up the change.
 */
let stack: PortalStack;
let agentCookie: string;
const secrets: string[] = [];
const TARO = 'taro@example.com';
const HANAKO = 'hanako@example.com';

const jsonInit = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const asAgent = (path: string, init: RequestInit = {}) => stack.call(null, path, { ...init, headers: { cookie: agentCookie, ...(init.headers as Record<string, string>) } });

async function keysOf(userName: string) {
  const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
  return AccessKeyMetadata.map((k) => ({ id: k.AccessKeyId!, status: k.Status! }));
}

async function clearKeys(userName: string) {
  for (const key of await keysOf(userName)) await stack.admin.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.id }));
}

async function createKey(userName: string): Promise<string> {
  const res = await stack.call(userName, '/api/me/access-keys', jsonInit('POST', {}));
  expect(res.status).toBe(201);
  const created = await res.json();
  secrets.push(created.secretAccessKey);
  return created.accessKeyId;
}

/** A help-desk code shown to the person, once its own notice has arrived (so it is not counted as a later change's). */
async function issueCode(userName: string): Promise<{ code: string; notice: ReceivedMail }> {
  let code = '';
  const notice = await oneMessageAfter(stack, `${userName}@example.com`, async () => {
    const codeRes = await stack.call(userName, '/api/me/helpdesk-code', { method: 'POST' });
    expect(codeRes.status).toBe(201);
    code = (await codeRes.json()).code;
    secrets.push(code);
  });
  return { code, notice };
}

async function openCase(userName: string, ticket: string): Promise<string> {
  return openCaseWith(userName, ticket, (await issueCode(userName)).code);
}

async function openCaseWith(userName: string, ticket: string, code: string): Promise<string> {
  const res = await asAgent(`/api/helpdesk/users/${userName}/cases`, jsonInit('POST', { ticket, code }));
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

function expectNoSecrets(message: ReceivedMail) {
  const all = `${message.subject}\n${message.text}\n${message.html}\n${JSON.stringify(message.headers)}`;
  for (const secret of secrets) expect(all).not.toContain(secret);
}

beforeAll(async () => {
  // On PostgreSQL two instances share the outbox (and one of them is SIGKILLed below).
  stack = await startPortalStack({ mail: true, heartbeatSeconds: 1, instances: testStore() === 'postgres' ? 2 : 1, portalEnv: { MAIL_RETRY_SECONDS: '1', MAIL_MAX_ATTEMPTS: '3' } });
  agentCookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'], name: 'Sato Kenji' });
  // Real sign-ins record the verified addresses, languages and time zones notices use.
  await signInForReal(stack.origin, 'taro', 'demo');
  const hanako = await signInForReal(stack.origin, 'hanako', 'demo');
  await fetch(`${stack.origin}/`, { headers: { cookie: `${hanako}; kagi-locale=ja; kagi-tz=Asia/Tokyo` } });
  await waitFor(
    async () => (await stack.db.selectFrom('people').select('time_zone').where('iam_user_name', '=', 'hanako').executeTakeFirst())?.time_zone === 'Asia/Tokyo',
    10_000,
    'hanako noted in Japanese',
  );
});
afterAll(async () => {
  await stack?.stop();
});
beforeEach(() => {
  stack.mail!.setFaults({});
});

describe('notices of a person’s own changes', () => {
  it('readiness says notifications are on', async () => {
    expect(await (await stack.call(null, '/api/health/ready')).json()).toMatchObject({ ok: true, notifications: 'on' });
  });

  it('each change to a key sends exactly one message, in English, saying what, when and who', async () => {
    await clearKeys('taro');
    let keyId = '';
    let answeredAt = 0;
    const created = await oneMessageAfter(stack, TARO, async () => {
      keyId = await createKey('taro');
      answeredAt = Date.now();
      await waitFor(async () => mailTo(stack, TARO).some((m) => m.text.includes(keyId)), 10_000, 'the notice');
      console.log(`[notifications.test] change answered → message in the stand-in: ${Date.now() - answeredAt} ms`);
    });
    expect(created.subject).toBe('An access key was created for your AWS account');
    expect(created.text).toContain(`Access key: ${keyId}`);
    expect(created.text).toContain('You did this yourself, signed in to Kagi.');
    expect(created.text).toMatch(/When: \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC/);
    expect(created.text).toContain('Sign out everywhere');
    expect(created.html).toContain(`<a href="${stack.origin}/keys">`);
    expect(created.from).toContain('kagi@kagi.localhost');
    expect(created.headers['list-unsubscribe']).toBeUndefined();

    const off = await oneMessageAfter(stack, TARO, () => stack.call('taro', `/api/me/access-keys/${keyId}`, jsonInit('PATCH', { status: 'Inactive' })));
    expect(off.subject).toBe('One of your access keys was turned off');
    const on = await oneMessageAfter(stack, TARO, () => stack.call('taro', `/api/me/access-keys/${keyId}`, jsonInit('PATCH', { status: 'Active' })));
    expect(on.subject).toBe('One of your access keys was turned back on');
    await oneMessageAfter(stack, TARO, () => stack.call('taro', `/api/me/access-keys/${keyId}`, jsonInit('PATCH', { status: 'Inactive' })));
    const deleted = await oneMessageAfter(stack, TARO, () => stack.call('taro', `/api/me/access-keys/${keyId}`, { method: 'DELETE' }));
    expect(deleted.subject).toBe('One of your access keys was deleted');
    expect(deleted.text).toContain(keyId);
    for (const message of [created, off, on, deleted]) expectNoSecrets(message);
  });

  it('a named key is named in every message about it, its deletion included, and the activity keeps the name once the key is gone', async () => {
    await clearKeys('taro');
    let keyId = '';
    const created = await oneMessageAfter(stack, TARO, async () => {
      const res = await stack.call('taro', '/api/me/access-keys', jsonInit('POST', { description: 'backup on my laptop' }));
      expect(res.status).toBe(201);
      const body = await res.json();
      secrets.push(body.secretAccessKey);
      keyId = body.accessKeyId;
    });
    expect(created.text).toContain(`Access key: ${keyId} (“backup on my laptop”)`);
    const renamed = await oneMessageAfter(stack, TARO, () => stack.call('taro', `/api/me/access-keys/${keyId}`, jsonInit('PATCH', { description: 'nightly backup' })));
    expect(renamed.subject).toBe('One of your access keys was renamed');
    expect(renamed.text).toContain(`Access key: ${keyId} (“nightly backup”)`);
    const off = await oneMessageAfter(stack, TARO, () => stack.call('taro', `/api/me/access-keys/${keyId}`, jsonInit('PATCH', { status: 'Inactive' })));
    expect(off.text).toContain(`Access key: ${keyId} (“nightly backup”)`);
    const deleted = await oneMessageAfter(stack, TARO, () => stack.call('taro', `/api/me/access-keys/${keyId}`, { method: 'DELETE' }));
    expect(deleted.subject).toBe('One of your access keys was deleted');
    expect(deleted.text).toContain(`Access key: ${keyId} (“nightly backup”)`);

    const { entries } = (await (await stack.call('taro', '/api/me/activity')).json()) as { entries: Array<{ action: string; accessKeyId: string | null; keyName: string | null }> };
    const about = entries.filter((e) => e.accessKeyId === keyId);
    expect(about.map((e) => e.action)).toEqual(['access-key.delete', 'access-key.deactivate', 'access-key.rename', 'access-key.create']);
    // The key and its name are gone from IAM; each entry shows the name it kept.
    expect(about.map((e) => e.keyName)).toEqual(['nightly backup', 'nightly backup', 'nightly backup', 'backup on my laptop']);
  });

  it('a change that fails sends nothing', async () => {
    await clearKeys('taro');
    const keyId = await createKey('taro');
    await waitFor(async () => mailTo(stack, TARO).some((m) => m.text.includes(keyId)), 10_000, 'the creation notice');
    const before = mailTo(stack, TARO).length;
    // An active key cannot be deleted: refused, recorded, and not announced.
    expect((await stack.call('taro', `/api/me/access-keys/${keyId}`, { method: 'DELETE' })).status).toBe(409);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(mailTo(stack, TARO).length).toBe(before);
  });

  it('a new console password is announced, and the password is not in the message', async () => {
    const password = `Notice-${Date.now()}-Aa1!x`;
    secrets.push(password);
    const message = await oneMessageAfter(stack, TARO, async () => {
      expect((await stack.call('taro', '/api/me/console-password', jsonInit('PUT', { newPassword: password }))).status).toBe(204);
    });
    expect(message.subject).toBe('Your AWS console password was changed');
    expect(message.text).toContain('You did this yourself');
    expectNoSecrets(message);
  });

  it('a person who chose Japanese gets Japanese, with the time in their time zone', async () => {
    await clearKeys('hanako');
    let keyId = '';
    const message = await oneMessageAfter(stack, HANAKO, async () => (keyId = await createKey('hanako')));
    expect(message.subject).toBe('AWS アカウントにアクセスキーが作成されました');
    expect(message.text).toContain('Hanako Suzuki 様');
    expect(message.text).toContain(`アクセスキー：${keyId}`);
    expect(message.text).toContain('あなた自身が Kagi にサインインして行いました。');
    expect(message.text).toMatch(/日時：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} JST/);
    expectNoSecrets(message);
  });
});

describe('notices of the help desk’s actions', () => {
  it('a help-desk code shown is announced in the person’s language, never the code', async () => {
    const { code, notice } = await issueCode('hanako');
    expect(notice.subject).toBe('ヘルプデスクコードが表示されました');
    expect(notice.text).toContain('ご自身からヘルプデスクに連絡したときだけ');
    expect(notice.text).toContain('あなた自身が Kagi にサインインして行いました。');
    expect(`${notice.text}${notice.html}`).not.toContain(code);
    expectNoSecrets(notice);
  });

  it('a case opened with the person’s code names the agent and the ticket', async () => {
    const { code } = await issueCode('hanako');
    const message = await oneMessageAfter(stack, HANAKO, () => openCaseWith('hanako', 'INC-7001', code));
    expect(message.subject).toBe('ヘルプデスクがあなたのケースを開きました');
    expect(message.text).toContain('ヘルプデスクコードを伝えたので');
    expect(message.text).toContain('ヘルプデスクの Sato Kenji がチケット INC-7001 で行いました。');
    expectNoSecrets(message);
  });

  it('a case opened "another way" says so (and not what the agent wrote)', async () => {
    const message = await oneMessageAfter(stack, TARO, async () => {
      const res = await asAgent('/api/helpdesk/users/taro/cases', jsonInit('POST', { ticket: 'INC-7002', otherMethod: 'called back on the desk phone 1234' }));
      expect(res.status).toBe(201);
    });
    expect(message.text).toContain('in another way (not with your help-desk code)');
    expect(message.text).toContain('Sato Kenji of the help desk did this, under ticket INC-7002.');
    expect(message.text).not.toContain('desk phone');
  });

  it('a temporary password from the help desk is announced with the agent and ticket, never the password', async () => {
    const caseId = await openCase('taro', 'INC-7003');
    await waitFor(async () => mailTo(stack, TARO).some((m) => m.text.includes('INC-7003')), 10_000, 'the case notice');
    let temporary = '';
    const message = await oneMessageAfter(stack, TARO, async () => {
      const res = await asAgent('/api/helpdesk/users/taro/actions', jsonInit('POST', { caseId, action: 'set-temporary-password' }));
      expect(res.status).toBe(200);
      temporary = (await res.json()).temporaryPassword;
      secrets.push(temporary);
    });
    expect(message.subject).toBe('The help desk set a temporary console password for you');
    expect(message.text).toContain('Sato Kenji of the help desk did this, under ticket INC-7003.');
    expect(message.text).toContain('If you did not ask the help desk for this');
    expect(message.text).not.toContain(temporary);
    expectNoSecrets(message);

    const off = await oneMessageAfter(stack, TARO, () => asAgent('/api/helpdesk/users/taro/actions', jsonInit('POST', { caseId, action: 'disable-console-password' })));
    expect(off.subject).toBe('Sign-in to the AWS console was turned off for you');
    const on = await oneMessageAfter(stack, TARO, async () => {
      const res = await asAgent('/api/helpdesk/users/taro/actions', jsonInit('POST', { caseId, action: 'enable-console-password' }));
      secrets.push((await res.json()).temporaryPassword);
    });
    expect(on.subject).toBe('Sign-in to the AWS console was turned on for you');
    expectNoSecrets(on);
  });

  it('the help desk turning off and deleting a named key: both messages name it', async () => {
    await clearKeys('taro');
    const res = await stack.call('taro', '/api/me/access-keys', jsonInit('POST', { description: 'CI deploy' }));
    const { accessKeyId, secretAccessKey } = await res.json();
    secrets.push(secretAccessKey);
    await waitFor(async () => mailTo(stack, TARO).some((m) => m.text.includes(accessKeyId)), 10_000, 'the creation notice');
    const caseId = await openCase('taro', 'INC-7010');
    await waitFor(async () => mailTo(stack, TARO).some((m) => m.text.includes('INC-7010')), 10_000, 'the case notice');
    const off = await oneMessageAfter(stack, TARO, () => asAgent('/api/helpdesk/users/taro/actions', jsonInit('POST', { caseId, action: 'deactivate-key', accessKeyId })));
    expect(off.text).toContain(`Access key: ${accessKeyId} (“CI deploy”)`);
    expect(off.text).toContain('Sato Kenji of the help desk did this, under ticket INC-7010.');
    const deleted = await oneMessageAfter(stack, TARO, () => asAgent('/api/helpdesk/users/taro/actions', jsonInit('POST', { caseId, action: 'delete-key', accessKeyId })));
    expect(deleted.subject).toBe('One of your access keys was deleted');
    expect(deleted.text).toContain(`Access key: ${accessKeyId} (“CI deploy”)`);
    // The help desk's audit log keeps the name as well, the key being gone.
    const { entries } = (await (await asAgent('/api/helpdesk/audit?ticket=INC-7010')).json()) as { entries: Array<{ action: string; keyName: string | null }> };
    expect(entries.filter((e) => e.action.startsWith('access-key.')).map((e) => [e.action, e.keyName])).toEqual([
      ['access-key.delete', 'CI deploy'],
      ['access-key.deactivate', 'CI deploy'],
    ]);
  });

  it('a temporary password AWS did not confirm is announced all the same, saying it may not have been set', async () => {
    const caseId = await openCase('taro', 'INC-7011');
    await waitFor(async () => mailTo(stack, TARO).some((m) => m.text.includes('INC-7011')), 10_000, 'the case notice');
    // Both of Kagi's tries are lost: nobody can tell whether IAM stored the password.
    stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 2, fault: 'drop' });
    const message = await oneMessageAfter(stack, TARO, async () => {
      const res = await asAgent('/api/helpdesk/users/taro/actions', jsonInit('POST', { caseId, action: 'set-temporary-password' }));
      const body = await res.json();
      expect(body.unconfirmed).toBe(true);
      secrets.push(body.temporaryPassword);
    });
    expect(message.subject).toBe('The help desk set a temporary console password for you');
    expect(message.text).toContain('AWS did not confirm this change, so it may or may not have been made.');
    expect(message.text).toContain('Sato Kenji of the help desk did this, under ticket INC-7011.');
    expectNoSecrets(message);
  });

  it('a guided reset is announced when started and once when finished', async () => {
    await clearKeys('taro');
    const { AccessKey: unused } = await stack.admin.send(new CreateAccessKeyCommand({ UserName: 'taro' }));
    secrets.push(unused!.SecretAccessKey!);
    const caseId = await openCase('taro', 'INC-7004');
    await waitFor(async () => mailTo(stack, TARO).some((m) => m.text.includes('INC-7004')), 10_000, 'the case notice');
    let sessionId = '';
    const started = await oneMessageAfter(stack, TARO, async () => {
      const res = await asAgent('/api/helpdesk/guided-sessions', jsonInit('POST', { userName: 'taro', caseId, steps: ['remove-unused-key'] }));
      expect(res.status).toBe(201);
      sessionId = (await res.json()).id;
    });
    expect(started.subject).toBe('The help desk started a guided reset for you');
    expect(started.text).toContain('INC-7004');

    // taro removes the key himself: two changes (off, deleted), then the reset is finished.
    await oneMessageAfter(stack, TARO, () => stack.call('taro', `/api/me/access-keys/${unused!.AccessKeyId}`, jsonInit('PATCH', { status: 'Inactive' })));
    const before = mailTo(stack, TARO).length;
    await stack.call('taro', `/api/me/access-keys/${unused!.AccessKeyId}`, { method: 'DELETE' });
    // The agent's page and taro's own look at the session at once, several times.
    await Promise.all([0, 1, 2].flatMap(() => [asAgent(`/api/helpdesk/guided-sessions/${sessionId}`), stack.call('taro', '/api/me/guided-session')]));
    await waitFor(async () => mailTo(stack, TARO).slice(before).some((m) => m.subject === 'You finished the guided reset'), 15_000, 'the finished notice');
    await asAgent(`/api/helpdesk/guided-sessions/${sessionId}`);
    await new Promise((r) => setTimeout(r, 2_000));
    const after = mailTo(stack, TARO).slice(before);
    expect(after.map((m) => m.subject).sort()).toEqual(['One of your access keys was deleted', 'You finished the guided reset']);
    expect(after.find((m) => m.subject === 'You finished the guided reset')!.text).toContain('ticket INC-7004');
  });
});

describe('delivery', () => {
  it('a mail server that refuses does not fail the change, and the message is retried until it goes', async () => {
    await clearKeys('taro');
    stack.mail!.setFaults({ reject: 2 });
    const started = Date.now();
    let keyId = '';
    const message = await oneMessageAfter(stack, TARO, async () => {
      keyId = await createKey('taro');
      // The change answered at once, whatever the mail server did.
      expect(Date.now() - started).toBeLessThan(5_000);
    });
    expect(message.text).toContain(keyId);
    const row = await stack.db.selectFrom('notification_outbox').selectAll().where('kind', '=', 'key-created').where('facts', 'like', `%${keyId}%`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 3, recipient: TARO });
  });

  it('a message that keeps failing is marked failed and shown in the help desk’s audit view', async () => {
    stack.mail!.setFaults({ reject: 100 });
    const keyId = await createKey('taro');
    await waitFor(
      async () => (await stack.db.selectFrom('notification_outbox').select('status').where('facts', 'like', `%${keyId}%`).executeTakeFirst())?.status === 'failed',
      20_000,
      'the message marked failed',
    );
    const row = await stack.db.selectFrom('notification_outbox').selectAll().where('facts', 'like', `%${keyId}%`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: expect.stringContaining('451') });
    expect(mailTo(stack, TARO).some((m) => m.text.includes(keyId))).toBe(false);
    const page = await (await asAgent('/helpdesk/audit')).text();
    expect(page).toContain('E-mails that did not arrive');
    expect(page).toContain('Gave up after 3 tries');
  });

  it('a message being sent when the portal is SIGKILLed is sent after the restart, and none twice', async () => {
    await clearKeys('taro');
    // The mail server holds each message 4 s before accepting: the kill lands mid-send.
    stack.mail!.setFaults({ delayMs: 4_000 });
    const first = await createKey('taro');
    const second = await createKey('taro');
    const killed = await instanceIdOf(stack, 0);
    await waitFor(
      async () => {
        const row = await stack.db.selectFrom('notification_outbox').select(['status', 'claimed_by']).where('facts', 'like', `%${first}%`).executeTakeFirst();
        return row?.status === 'sending' && row.claimed_by === killed;
      },
      10_000,
      'the first message being sent by the instance about to be killed',
    );
    await stack.instances[0]!.kill();
    stack.mail!.setFaults({});
    await stack.instances[0]!.start();
    const rows = () => stack.db.selectFrom('notification_outbox').selectAll().where((eb) => eb.or([eb('facts', 'like', `%${first}%`), eb('facts', 'like', `%${second}%`)])).execute();
    await waitFor(async () => (await rows()).every((r) => r.status === 'sent'), 30_000, 'both messages sent after the restart');
    await new Promise((r) => setTimeout(r, 2_000));
    for (const keyId of [first, second]) {
      const copies = mailTo(stack, TARO).filter((m) => m.subject === 'An access key was created for your AWS account' && m.text.includes(keyId));
      expect(copies.length, keyId).toBe(1);
    }
    // Each row's Message-ID is its own and stable.
    const ids = mailTo(stack, TARO).map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('stopping', () => {
  it('on SIGTERM the message being sent is finished and marked before the process exits', async () => {
    await clearKeys('taro');
    stack.mail!.setFaults({ delayMs: 2_000 });
    const keyId = await createKey('taro');
    const row = () => stack.db.selectFrom('notification_outbox').selectAll().where('facts', 'like', `%${keyId}%`).executeTakeFirst();
    // Whichever instance claimed it (on PostgreSQL the other one's worker may be first) is stopped.
    await waitFor(async () => (await row())?.status === 'sending', 10_000, 'the message being sent');
    const claimer = (await row())!.claimed_by;
    const ids = await Promise.all(stack.instances.map((_, i) => instanceIdOf(stack, i)));
    const index = ids.indexOf(claimer!);
    expect(index).toBeGreaterThanOrEqual(0);
    const { code, ms } = await stack.instances[index]!.terminate();
    expect(code).toBe(143);
    expect(ms).toBeLessThan(9_000);
    expect(await row()).toMatchObject({ status: 'sent', claimed_by: null });
    expect(mailTo(stack, TARO).filter((m) => m.text.includes(keyId))).toHaveLength(1);
    stack.mail!.setFaults({});
    await stack.instances[index]!.start();
  });
});

describe('several changes at once', () => {
  it('each is sent exactly once, whichever instance made it and whichever sends it', async () => {
    await clearKeys('taro');
    const keyId = await createKey('taro');
    await waitFor(async () => mailTo(stack, TARO).some((m) => m.text.includes(keyId)), 10_000, 'the creation notice');
    const before = mailTo(stack, TARO).length;
    for (let i = 0; i < 8; i++) {
      const res = await stack.callInstance(i % stack.instances.length, 'taro', `/api/me/access-keys/${keyId}`, jsonInit('PATCH', { status: i % 2 === 0 ? 'Inactive' : 'Active' }));
      expect(res.status).toBe(200);
    }
    await waitFor(async () => mailTo(stack, TARO).length >= before + 8, 20_000, 'eight notices');
    await new Promise((r) => setTimeout(r, 2_000));
    const fresh = mailTo(stack, TARO).slice(before);
    expect(fresh.length).toBe(8);
    expect(new Set(fresh.map((m) => m.messageId)).size).toBe(8);
    expect(fresh.filter((m) => m.subject === 'One of your access keys was turned off').length).toBe(4);
  });

  it('the SMTP credentials in SMTP_URL never reach the log', () => {
    const log = fs.readFileSync(stack.logFile, 'utf8');
    expect(log).toContain('notifications are on');
    expect(log).toContain('smtp://***:***@127.0.0.1');
    expect(log).not.toContain('local-mail-password');
  });
});

describe('settings', () => {
  it('shows where mail goes and lets reminders be turned off and on; change notices stay', async () => {
    expect(await (await stack.call('taro', '/api/me/notification-settings')).json()).toEqual({ notifications: 'on', email: TARO, reminders: true });
    const off = await stack.call('taro', '/api/me/notification-settings', jsonInit('PUT', { reminders: false }));
    expect(await off.json()).toMatchObject({ reminders: false });
    expect((await stack.call('taro', '/api/me/notification-settings', jsonInit('PUT', { reminders: 'no' }))).status).toBe(400);
    expect((await stack.call('taro', '/api/me/notification-settings', { ...jsonInit('PUT', { reminders: true }), headers: { 'content-type': 'application/json', origin: 'https://evil.example' } })).status).toBe(403);
    expect(await (await stack.call('taro', '/api/me/notification-settings', jsonInit('PUT', { reminders: true }))).json()).toMatchObject({ reminders: true });
    expect((await stack.call('taro', '/api/me/notification-settings', { method: 'DELETE' })).status).toBe(405);
  });

  it('the one-click opt-out refuses a token that is not the person’s', async () => {
    const bad = await stack.call(null, `/api/notifications/unsubscribe?u=taro&t=${'A'.repeat(43)}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' } });
    expect(bad.status).toBe(403);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await stack.call(null, '/api/notifications/unsubscribe?u=taro&t=short', { method: 'POST' })).status).toBe(400);
    expect((await stack.call(null, '/api/notifications/unsubscribe?u=taro&t=x')).status).toBe(405);
    expect(await (await stack.call('taro', '/api/me/notification-settings')).json()).toMatchObject({ reminders: true });
  });
});
