import { CreateUserCommand, DeleteAccessKeyCommand, GetLoginProfileCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newPerson, provePasswordIs, strong } from '@/tests/support/console-passwords';
import { startPortalStack, type PortalStack } from '@/tests/support/portal-stack';

/**
 * IAM failing in the ways it really does (throttling, 5xx, slow, dropped connections), with
 * the portal in between: retries where safe, plain answers where not, never a key too many,
 * and exactly one audit entry per attempted change.
 */
let stack: PortalStack;

beforeAll(async () => {
  stack = await startPortalStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function keysOf(userName: string): Promise<string[]> {
  const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: userName }));
  return AccessKeyMetadata.map((k) => k.AccessKeyId!);
}

async function auditRows(action: string): Promise<Array<Record<string, unknown>>> {
  return stack.db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('id').execute();
}

const create = () =>
  stack.call('taro', '/api/me/access-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

beforeEach(async () => {
  stack.iam.clearFaults();
  for (const id of await keysOf('taro')) await stack.admin.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: id }));
});

describe('reads', () => {
  it('retry throttling with backoff and succeed', async () => {
    stack.iam.injectFault({ action: 'ListAccessKeys', count: 2, fault: 'Throttling' });
    const before = stack.iam.requestCount('ListAccessKeys');
    const res = await stack.call('taro', '/api/me/access-keys');
    expect(res.status).toBe(200);
    expect(stack.iam.requestCount('ListAccessKeys') - before).toBe(3);
  });

  it('answer 503 iam-throttled with Retry-After when IAM keeps throttling', async () => {
    stack.iam.injectFault({ action: 'ListAccessKeys', count: 10, fault: 'Throttling' });
    const res = await stack.call('taro', '/api/me/access-keys');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const problem = await res.json();
    expect(problem.code).toBe('iam-throttled');
    expect(JSON.stringify(problem)).not.toMatch(/Rate exceeded|Throttling/);
  });

  it('answer 502 iam-unavailable, not a raw 500, when IAM keeps failing', async () => {
    stack.iam.injectFault({ action: 'ListAccessKeys', count: 10, fault: 'ServiceFailure' });
    const res = await stack.call('taro', '/api/me/access-keys');
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('iam-unavailable');
  });
});

describe('creating a key', () => {
  it('when the answer is lost after IAM made the key: the orphan is deleted, one key results, one audit entry', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'drop-after' });
    const auditBefore = (await auditRows('access-key.create')).length;
    const res = await create();
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(await keysOf('taro')).toEqual([created.accessKeyId]);
    const rows = (await auditRows('access-key.create'));
    expect(rows.length - auditBefore).toBe(1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'ok', access_key_id: created.accessKeyId });
  });

  it('when the connection drops before IAM acted: retried once, one key', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'drop' });
    const res = await create();
    expect(res.status).toBe(201);
    expect(await keysOf('taro')).toEqual([(await res.json()).accessKeyId]);
  });

  it('when IAM fails twice: 502, no key, and the attempt audited with its outcome', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 2, fault: 'drop-after' });
    const res = await create();
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('iam-unavailable');
    expect(await keysOf('taro')).toEqual([]);
    expect((await auditRows('access-key.create')).at(-1)).toMatchObject({ outcome: 'iam-unavailable' });
  });

  it('is not retried when throttled (IAM made nothing): 503 with Retry-After', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'Throttling' });
    const before = stack.iam.requestCount('CreateAccessKey');
    const res = await create();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(stack.iam.requestCount('CreateAccessKey') - before).toBe(1);
    expect(await keysOf('taro')).toEqual([]);
    expect((await auditRows('access-key.create')).at(-1)).toMatchObject({ outcome: 'iam-throttled' });
  });

  it('survives a slow IAM', async () => {
    stack.iam.injectFault({ action: 'CreateAccessKey', count: 1, fault: 'delay', delayMs: 1500 });
    const started = Date.now();
    const res = await create();
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(await keysOf('taro')).toHaveLength(1);
  });
});

describe('changing a key', () => {
  const patch = (accessKeyId: string, status: string) =>
    stack.call('taro', `/api/me/access-keys/${accessKeyId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status }),
    });

  it('a deactivation hit by a dropped connection or a 5xx is retried (it is idempotent): done, audited once', async () => {
    const created = await (await create()).json();
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 1, fault: 'drop' });
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 1, fault: 'ServiceFailure' });
    const sent = stack.iam.requestCount('UpdateAccessKey');
    const res = await patch(created.accessKeyId, 'Inactive');
    expect(res.status).toBe(200);
    expect(stack.iam.requestCount('UpdateAccessKey') - sent).toBe(3);
    const { AccessKeyMetadata = [] } = await stack.admin.send(new ListAccessKeysCommand({ UserName: 'taro' }));
    expect(AccessKeyMetadata[0]?.Status).toBe('Inactive');
    const rows = (await auditRows('access-key.deactivate')).filter((r) => r.access_key_id === created.accessKeyId);
    expect(rows.map((r) => r.outcome)).toEqual(['ok']);
  });

  it('a deactivation IAM keeps failing is answered plainly and audited once with its outcome', async () => {
    const created = await (await create()).json();
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 3, fault: 'ServiceFailure' });
    const res = await patch(created.accessKeyId, 'Inactive');
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('iam-unavailable');
    const rows = (await auditRows('access-key.deactivate')).filter((r) => r.access_key_id === created.accessKeyId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'iam-unavailable' });
  });

  it('a deletion whose answer is lost after IAM deleted the key: the retry finds it gone, which is success', async () => {
    const created = await (await create()).json();
    expect((await patch(created.accessKeyId, 'Inactive')).status).toBe(200);
    stack.iam.injectFault({ action: 'DeleteAccessKey', count: 1, fault: 'drop-after' });
    const res = await stack.call('taro', `/api/me/access-keys/${created.accessKeyId}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await keysOf('taro')).toEqual([]);
    const rows = (await auditRows('access-key.delete')).filter((r) => r.access_key_id === created.accessKeyId);
    expect(rows.map((r) => r.outcome)).toEqual(['ok']);
  });

  it('IAM busy (EntityTemporarilyUnmodifiable) becomes 409 iam-busy', async () => {
    const created = await (await create()).json();
    stack.iam.injectFault({ action: 'UpdateAccessKey', count: 1, fault: 'EntityTemporarilyUnmodifiable' });
    const res = await patch(created.accessKeyId, 'Inactive');
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('iam-busy');
  });
});

describe('a console password whose answer from IAM is lost', () => {
  const put = (userName: string, newPassword: string) =>
    stack.call(userName, '/api/me/console-password', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ newPassword }) });

  async function outcomesFor(subject: string): Promise<unknown[]> {
    return (await auditRows('console-password.set')).filter((r) => r.subject === subject).map((r) => r.outcome);
  }

  async function resetRequired(userName: string): Promise<boolean | undefined> {
    return (await stack.admin.send(new GetLoginProfileCommand({ UserName: userName }))).LoginProfile?.PasswordResetRequired;
  }

  /** sato, verified "another way" (approved by a second agent, taro), sets a temporary password for the person. */
  async function setTemporaryPassword(userName: string): Promise<Response> {
    return helpdeskAction(userName, 'set-temporary-password');
  }

  async function helpdeskAction(userName: string, action: 'set-temporary-password' | 'enable-console-password'): Promise<Response> {
    const cookie = await stack.cookieFor('sato', { roles: ['user', 'helpdesk'] });
    const asAgent = (path: string, body: unknown, asCookie = cookie) =>
      stack.call(null, path, { method: 'POST', headers: { cookie: asCookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const opened = await asAgent(`/api/helpdesk/users/${userName}/cases`, { ticket: 'INC-5005', otherMethod: 'called back on the desk phone' });
    expect(opened.status).toBe(201);
    const caseId = (await opened.json()).id;
    const approver = await stack.cookieFor('taro', { roles: ['user', 'helpdesk'] });
    expect((await asAgent(`/api/helpdesk/users/${userName}/cases/${caseId}/approval`, undefined, approver)).status).toBe(200);
    return asAgent(`/api/helpdesk/users/${userName}/actions`, { caseId, action });
  }

  describe('the person’s own', () => {
    it('stored, and the reset flag IAM cleared shows it: sent again (refused as reused), then done, audited ok', async () => {
      const person = await newPerson(stack, { resetRequired: true });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop-after' });
      const sent = stack.iam.requestCount('UpdateLoginProfile');
      const next = strong();
      expect((await put(person.userName, next)).status).toBe(204);
      expect(stack.iam.requestCount('UpdateLoginProfile') - sent).toBe(2);
      expect(await outcomesFor(person.userName)).toEqual(['ok']);
      expect(await resetRequired(person.userName)).toBe(false);
      await provePasswordIs(stack, person.userName, next);
    });

    it('stored, but nothing IAM returns tells: 502 unconfirmed, audited as unconfirmed, and IAM does hold it', async () => {
      const person = await newPerson(stack, { resetRequired: false });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop-after' });
      const next = strong();
      const res = await put(person.userName, next);
      expect(res.status).toBe(502);
      const problem = await res.json();
      expect(problem.code).toBe('unconfirmed');
      expect(JSON.stringify(problem)).not.toContain(next);
      expect(await outcomesFor(person.userName)).toEqual(['unconfirmed']);
      await expect(provePasswordIs(stack, person.userName, person.password)).rejects.toThrow();
      await provePasswordIs(stack, person.userName, next);
    });

    it('lost before IAM acted: sent again and set, audited ok', async () => {
      const person = await newPerson(stack, { resetRequired: false });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop' });
      const next = strong();
      expect((await put(person.userName, next)).status).toBe(204);
      expect(await outcomesFor(person.userName)).toEqual(['ok']);
      await provePasswordIs(stack, person.userName, next);
    });

    it('not stored, and the second answer lost too: unconfirmed, and the old password still works', async () => {
      const person = await newPerson(stack, { resetRequired: false });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 2, fault: 'drop' });
      const res = await put(person.userName, strong());
      expect(res.status).toBe(502);
      expect((await res.json()).code).toBe('unconfirmed');
      expect(await outcomesFor(person.userName)).toEqual(['unconfirmed']);
      await provePasswordIs(stack, person.userName, person.password);
    });

    it('throttled is a definite answer (IAM stored nothing): not sent again, 503', async () => {
      const person = await newPerson(stack, { resetRequired: false });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 1, fault: 'Throttling' });
      const sent = stack.iam.requestCount('UpdateLoginProfile');
      expect((await put(person.userName, strong())).status).toBe(503);
      expect(stack.iam.requestCount('UpdateLoginProfile') - sent).toBe(1);
      expect(await outcomesFor(person.userName)).toEqual(['iam-throttled']);
      await provePasswordIs(stack, person.userName, person.password);
    });
  });

  describe('the help desk turning console sign-in on', () => {
    /** Someone whose console sign-in is off. */
    async function withoutConsolePassword(): Promise<string> {
      const userName = `q${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
      await stack.admin.send(new CreateUserCommand({ UserName: userName, Path: '/staff/' }));
      return userName;
    }
    const enableOutcomes = async (subject: string) => (await auditRows('console-password.enable')).filter((r) => r.subject === subject).map((r) => r.outcome);
    const isOn = async (userName: string) =>
      stack.admin.send(new GetLoginProfileCommand({ UserName: userName })).then(
        (r) => r.LoginProfile?.PasswordResetRequired === true,
        () => false,
      );

    it('turned on, answer lost: IAM is asked, the same password confirmed as an update, shown and audited ok', async () => {
      const userName = await withoutConsolePassword();
      stack.iam.injectFault({ action: 'CreateLoginProfile', count: 1, fault: 'drop-after' });
      const res = await helpdeskAction(userName, 'enable-console-password');
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(Object.keys(body)).toEqual(['temporaryPassword']);
      expect(await enableOutcomes(userName)).toEqual(['ok']);
      expect(await isOn(userName)).toBe(true);
      await provePasswordIs(stack, userName, body.temporaryPassword);
    });

    it('lost before IAM acted: sent once more, on, audited ok', async () => {
      const userName = await withoutConsolePassword();
      stack.iam.injectFault({ action: 'CreateLoginProfile', count: 1, fault: 'drop' });
      const sent = stack.iam.requestCount('CreateLoginProfile');
      const res = await helpdeskAction(userName, 'enable-console-password');
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(stack.iam.requestCount('CreateLoginProfile') - sent).toBe(2);
      expect(await enableOutcomes(userName)).toEqual(['ok']);
      await provePasswordIs(stack, userName, body.temporaryPassword);
    });

    it('both answers lost: the password is shown marked unconfirmed, audited so; here sign-in stayed off', async () => {
      const userName = await withoutConsolePassword();
      stack.iam.injectFault({ action: 'CreateLoginProfile', count: 2, fault: 'drop' });
      const res = await helpdeskAction(userName, 'enable-console-password');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ temporaryPassword: expect.any(String), unconfirmed: true });
      expect(await enableOutcomes(userName)).toEqual(['unconfirmed']);
      expect(await isOn(userName)).toBe(false);
    });

    it('already on (someone was quicker, the agent’s page was stale): 409 console-password-exists, nothing changed', async () => {
      const person = await newPerson(stack, { resetRequired: false });
      const res = await helpdeskAction(person.userName, 'enable-console-password');
      expect(res.status).toBe(409);
      expect((await res.json()).code).toBe('console-password-exists');
      expect(await enableOutcomes(person.userName)).toEqual(['console-password-exists']);
      await provePasswordIs(stack, person.userName, person.password);
    });
  });

  describe('the help desk’s temporary password', () => {
    it('stored: sent again, IAM refuses it as reused (a random one cannot be old), so it is set: shown, audited ok', async () => {
      const person = await newPerson(stack, { resetRequired: false });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop-after' });
      const sent = stack.iam.requestCount('UpdateLoginProfile');
      const res = await setTemporaryPassword(person.userName);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(Object.keys(body)).toEqual(['temporaryPassword']);
      expect(stack.iam.requestCount('UpdateLoginProfile') - sent).toBe(2);
      expect(await outcomesFor(person.userName)).toEqual(['ok']);
      expect(await resetRequired(person.userName)).toBe(true);
      await provePasswordIs(stack, person.userName, body.temporaryPassword);
    });

    it('the second answer lost too: shown all the same, marked unconfirmed and audited so; here it was set', async () => {
      const person = await newPerson(stack, { resetRequired: false });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop-after' });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 1, fault: 'drop' });
      const res = await setTemporaryPassword(person.userName);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({ temporaryPassword: expect.any(String), unconfirmed: true });
      const [entry] = (await auditRows('console-password.set')).filter((r) => r.subject === person.userName);
      expect(entry).toMatchObject({ actor: 'sato', ticket: 'INC-5005', outcome: 'unconfirmed' });
      // Either the temporary password works or the old one does, never both: here, the new one.
      await expect(provePasswordIs(stack, person.userName, person.password)).rejects.toThrow();
      await provePasswordIs(stack, person.userName, body.temporaryPassword);
    });

    it('unconfirmed, and here it was not set: the old password still works', async () => {
      const person = await newPerson(stack, { resetRequired: false });
      stack.iam.injectFault({ action: 'UpdateLoginProfile', count: 2, fault: 'drop' });
      const res = await setTemporaryPassword(person.userName);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.unconfirmed).toBe(true);
      expect(await outcomesFor(person.userName)).toEqual(['unconfirmed']);
      await expect(provePasswordIs(stack, person.userName, body.temporaryPassword)).rejects.toThrow();
      await provePasswordIs(stack, person.userName, person.password);
    });
  });
});
