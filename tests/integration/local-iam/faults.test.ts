import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  expectIamError,
  rawRequest,
  type SdkError,
  type StartedIam,
  startIam,
} from '@/tests/support/local-iam';

let iam: StartedIam;
let admin: IAMClient;

const SECRET_HEADER = 'x-local-iam-admin-secret';

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
  await admin.send(new CreateUserCommand({ UserName: 'fred' }));
});

afterEach(async () => {
  await iam.clearFaults();
});

afterAll(async () => {
  await iam?.stop();
});

describe('injected errors (SDK with maxAttempts 1)', () => {
  it('Throttling answers 400 Throttling once, then the action works again', async () => {
    await iam.injectFault({ action: 'ListUsers', count: 1, fault: 'Throttling' });
    await expectIamError(admin.send(new ListUsersCommand({})), {
      name: 'Throttling',
      status: 400,
      message: 'Rate exceeded',
    });
    const ok = await admin.send(new ListUsersCommand({}));
    expect(ok.Users?.map((u) => u.UserName)).toContain('fred');
  });

  it('a fault applies only to its action and is used up by count', async () => {
    await iam.injectFault({ action: 'ListUsers', count: 2, fault: 'Throttling' });
    // other actions are unaffected
    await admin.send(new GetUserCommand({ UserName: 'fred' }));
    await expectIamError(admin.send(new ListUsersCommand({})), { name: 'Throttling', status: 400 });
    await expectIamError(admin.send(new ListUsersCommand({})), { name: 'Throttling', status: 400 });
    await admin.send(new ListUsersCommand({}));
  });

  it('ServiceFailure answers 500 and the SDK marks it a server fault', async () => {
    await iam.injectFault({ action: 'GetUser', count: 1, fault: 'ServiceFailure' });
    const error = await expectIamError(admin.send(new GetUserCommand({ UserName: 'fred' })), {
      name: 'ServiceFailureException',
      status: 500,
    });
    expect(error.$fault).toBe('server');
  });

  it('ServiceUnavailable answers 503', async () => {
    await iam.injectFault({ action: 'GetUser', count: 1, fault: 'ServiceUnavailable' });
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'fred' })), {
      name: 'ServiceUnavailable',
      status: 503,
    });
  });

  it('clearFaults drops pending faults', async () => {
    await iam.injectFault({ action: 'ListUsers', count: 5, fault: 'ServiceFailure' });
    await iam.clearFaults();
    await admin.send(new ListUsersCommand({}));
  });

  it('a faulted request is an IAM error envelope with a request id (raw view)', async () => {
    await iam.injectFault({ action: 'ListUsers', count: 1, fault: 'ServiceFailure' });
    const error = (await admin.send(new ListUsersCommand({})).catch((e: unknown) => e)) as SdkError;
    expect(error.$metadata?.httpStatusCode).toBe(500);
    expect(error.$metadata?.requestId).toMatch(/\S/);
  });
});

describe('retries with the SDK’s default strategy', () => {
  it('retries Throttling and succeeds on the third attempt', async () => {
    const retrying = adminClient(iam, { maxAttempts: 3 });
    await iam.injectFault({ action: 'ListAccessKeys', count: 2, fault: 'Throttling' });
    const before = iam.requestCount('ListAccessKeys');
    const result = await retrying.send(new ListAccessKeysCommand({ UserName: 'fred' }));
    expect(result.AccessKeyMetadata).toEqual([]);
    expect(result.$metadata.attempts).toBe(3);
    expect(iam.requestCount('ListAccessKeys') - before).toBe(3);
  });

  it('retries 500s too, and gives up after maxAttempts', async () => {
    const retrying = adminClient(iam, { maxAttempts: 2 });
    await iam.injectFault({ action: 'ListAccessKeys', count: 3, fault: 'ServiceFailure' });
    const before = iam.requestCount('ListAccessKeys');
    const error = await expectIamError(retrying.send(new ListAccessKeysCommand({ UserName: 'fred' })), {
      name: 'ServiceFailureException',
      status: 500,
    });
    expect(error.$metadata?.attempts).toBe(2);
    expect(iam.requestCount('ListAccessKeys') - before).toBe(2);
  });
});

describe('delay and drop', () => {
  it('delay holds the answer for about delayMs, then answers normally', async () => {
    await iam.injectFault({ action: 'GetUser', count: 1, fault: 'delay', delayMs: 400 });
    const start = performance.now();
    const { User } = await admin.send(new GetUserCommand({ UserName: 'fred' }));
    const delayed = performance.now() - start;
    expect(User?.UserName).toBe('fred');
    expect(delayed).toBeGreaterThanOrEqual(380);
    const start2 = performance.now();
    await admin.send(new GetUserCommand({ UserName: 'fred' }));
    expect(performance.now() - start2).toBeLessThan(300);
  });

  it('drop closes the connection without an HTTP answer; the server keeps serving', async () => {
    await iam.injectFault({ action: 'GetUser', count: 1, fault: 'drop' });
    let caught: SdkError | undefined;
    try {
      await admin.send(new GetUserCommand({ UserName: 'fred' }));
    } catch (error) {
      caught = error as SdkError;
    }
    expect(caught, 'the dropped call should fail').toBeDefined();
    expect(caught?.$metadata?.httpStatusCode).toBeUndefined();
    const { User } = await admin.send(new GetUserCommand({ UserName: 'fred' }));
    expect(User?.UserName).toBe('fred');
  });
});

describe('requestCount', () => {
  it('counts requests per action and in total', async () => {
    const users = iam.requestCount('ListUsers');
    const total = iam.requestCount();
    await admin.send(new ListUsersCommand({}));
    await admin.send(new ListUsersCommand({}));
    await admin.send(new GetUserCommand({ UserName: 'fred' }));
    expect(iam.requestCount('ListUsers') - users).toBe(2);
    expect(iam.requestCount() - total).toBe(3);
  });
});

describe('HTTP control endpoint', () => {
  const faultsUrl = () => `${iam.url.replace(/\/$/, '')}/_local/faults`;

  it('GET /_local/health answers 200', async () => {
    const response = await rawRequest(`${iam.url.replace(/\/$/, '')}/_local/health`, { method: 'GET' });
    expect(response.status).toBe(200);
  });

  it('refuses fault changes without the admin secret, or with a wrong one', async () => {
    const body = JSON.stringify({ action: 'ListUsers', count: 1, fault: 'Throttling' });
    const missing = await rawRequest(faultsUrl(), {
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(missing.status).toBe(403);
    const wrong = await rawRequest(faultsUrl(), {
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: 'not-the-secret' },
      body,
    });
    expect(wrong.status).toBe(403);
    const listWrong = await rawRequest(faultsUrl(), {
      method: 'GET',
      headers: { [SECRET_HEADER]: 'not-the-secret' },
    });
    expect(listWrong.status).toBe(403);
    const deleteWrong = await rawRequest(faultsUrl(), {
      method: 'DELETE',
      headers: { [SECRET_HEADER]: 'nope' },
    });
    expect(deleteWrong.status).toBe(403);
    // nothing was queued
    await admin.send(new ListUsersCommand({}));
  });

  it('with the secret: POST queues a fault, GET lists it, DELETE clears it', async () => {
    const headers = { 'content-type': 'application/json', [SECRET_HEADER]: iam.adminSecretAccessKey };
    const posted = await rawRequest(faultsUrl(), {
      headers,
      body: JSON.stringify({ action: 'ListUsers', count: 2, fault: 'Throttling' }),
    });
    expect(posted.status).toBeGreaterThanOrEqual(200);
    expect(posted.status).toBeLessThan(300);

    const listed = await rawRequest(faultsUrl(), { method: 'GET', headers });
    expect(listed.status).toBe(200);
    expect(listed.text).toContain('ListUsers');
    expect(listed.text).toContain('Throttling');

    await expectIamError(admin.send(new ListUsersCommand({})), { name: 'Throttling', status: 400 });

    const cleared = await rawRequest(faultsUrl(), { method: 'DELETE', headers });
    expect(cleared.status).toBeGreaterThanOrEqual(200);
    expect(cleared.status).toBeLessThan(300);
    // the second Throttling was cleared
    await admin.send(new ListUsersCommand({}));
  });

  it('rejects a malformed fault spec with a 400', async () => {
    const headers = { 'content-type': 'application/json', [SECRET_HEADER]: iam.adminSecretAccessKey };
    for (const body of ['{not json', JSON.stringify({ action: 'ListUsers', count: 1, fault: 'Meteor' })]) {
      const response = await rawRequest(faultsUrl(), { headers, body });
      expect(response.status, body).toBe(400);
    }
    await admin.send(new ListUsersCommand({}));
  });
});

describe('POST /_local/backdate (old credentials, which IAM cannot make)', () => {
  const backdateUrl = () => `${iam.url.replace(/\/$/, '')}/_local/backdate`;
  const headers = () => ({ 'content-type': 'application/json', [SECRET_HEADER]: iam.adminSecretAccessKey });

  it('makes an access key and a console password look that many days old', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'olga' }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'olga' }));
    await admin.send(new CreateLoginProfileCommand({ UserName: 'olga', Password: 'Olga-Initial-Password-1!' }));

    const keyAnswer = await rawRequest(backdateUrl(), { headers: headers(), body: JSON.stringify({ accessKeyId: AccessKey!.AccessKeyId, days: 120 }) });
    expect(keyAnswer.status).toBe(200);
    const { AccessKeyMetadata = [] } = await admin.send(new ListAccessKeysCommand({ UserName: 'olga' }));
    const keyAgeDays = (Date.now() - AccessKeyMetadata[0]!.CreateDate!.getTime()) / 86_400_000;
    expect(keyAgeDays).toBeGreaterThan(119.9);
    expect(keyAgeDays).toBeLessThan(120.1);

    expect((await rawRequest(backdateUrl(), { headers: headers(), body: JSON.stringify({ userName: 'olga', days: 100 }) })).status).toBe(200);
    const { LoginProfile } = await admin.send(new GetLoginProfileCommand({ UserName: 'olga' }));
    expect(Math.round((Date.now() - LoginProfile!.CreateDate!.getTime()) / 86_400_000)).toBe(100);
  });

  it('needs the admin secret and a valid request, and changes nothing otherwise', async () => {
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: 'fred' }));
    const body = JSON.stringify({ accessKeyId: AccessKey!.AccessKeyId, days: 400 });
    expect((await rawRequest(backdateUrl(), { headers: { 'content-type': 'application/json' }, body })).status).toBe(403);
    for (const bad of ['{not json', JSON.stringify({ accessKeyId: 'AKIANOSUCHKEY0000000', days: 1 }), JSON.stringify({ accessKeyId: AccessKey!.AccessKeyId, days: -1 }), JSON.stringify({ days: 3 })]) {
      expect((await rawRequest(backdateUrl(), { headers: headers(), body: bad })).status, bad).toBe(400);
    }
    const { AccessKeyMetadata = [] } = await admin.send(new ListAccessKeysCommand({ UserName: 'fred' }));
    const fresh = AccessKeyMetadata.find((k) => k.AccessKeyId === AccessKey!.AccessKeyId)!;
    expect(Date.now() - fresh.CreateDate!.getTime()).toBeLessThan(60_000);
  });
});
