// @ts-check
// Quick manual smoke check through @aws-sdk/client-iam (not a test suite):
//   node local/iam/tools/smoke.mjs
// Starts a server on a random port, walks the self-service flows, prints
// each step and exits non-zero on the first surprise.
import assert from 'node:assert/strict';
import { IAMClient, CreateUserCommand, GetUserCommand, ListUsersCommand, CreateAccessKeyCommand,
  ListAccessKeysCommand, UpdateAccessKeyCommand, DeleteAccessKeyCommand, GetAccessKeyLastUsedCommand,
  CreateLoginProfileCommand, GetLoginProfileCommand, UpdateLoginProfileCommand, DeleteLoginProfileCommand,
  ChangePasswordCommand, PutUserPolicyCommand, GetUserPolicyCommand, ListUserPoliciesCommand, DeleteUserPolicyCommand,
  TagUserCommand, ListUserTagsCommand, UntagUserCommand, DeleteUserCommand, UpdateAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand, DeleteAccountPasswordPolicyCommand, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startLocalIam } from '../server.mjs';

const iam = await startLocalIam();
/** @param {{ accessKeyId: string, secretAccessKey: string }} credentials */
const clients = (credentials) => ({
  iam: new IAMClient({ endpoint: iam.url, region: 'eu-west-1', credentials, maxAttempts: 1 }),
  sts: new STSClient({ endpoint: iam.url, region: 'eu-west-1', credentials, maxAttempts: 1 }),
});
const admin = clients({ accessKeyId: iam.adminAccessKeyId, secretAccessKey: iam.adminSecretAccessKey });

/**
 * @param {Promise<unknown>} p
 * @param {string} name
 */
async function rejects(p, name) {
  try {
    await p;
  } catch (e) {
    const err = /** @type {any} */ (e);
    assert.equal(err.name, name, `${err.name}: ${err.message}`);
    return err;
  }
  throw new Error(`expected ${name}`);
}
/** @param {string} s */
const step = (s) => console.log(`ok  ${s}`);

try {
  const who = await admin.sts.send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:iam::${iam.accountId}:root`);
  step('admin GetCallerIdentity → root');

  const created = await admin.iam.send(new CreateUserCommand({ UserName: 'taro', Path: '/staff/', Tags: [{ Key: 'team', Value: 'a b' }] }));
  assert.equal(created.User?.Arn, `arn:aws:iam::${iam.accountId}:user/staff/taro`);
  assert.ok(created.User?.CreateDate instanceof Date);
  await rejects(admin.iam.send(new CreateUserCommand({ UserName: 'TARO' })), 'EntityAlreadyExistsException');
  step('CreateUser, duplicate (case-insensitive) refused');

  const got = await admin.iam.send(new GetUserCommand({ UserName: 'taro' }));
  assert.deepEqual(got.User?.Tags, [{ Key: 'team', Value: 'a b' }]);
  const listed = await admin.iam.send(new ListUsersCommand({ PathPrefix: '/staff/' }));
  assert.equal(listed.Users?.length, 1);
  assert.equal(listed.IsTruncated, false);
  step('GetUser / ListUsers');

  const k1 = (await admin.iam.send(new CreateAccessKeyCommand({ UserName: 'taro' }))).AccessKey;
  assert.match(k1?.AccessKeyId ?? '', /^AKIA[A-Z2-7]{16}$/);
  assert.match(k1?.SecretAccessKey ?? '', /^[A-Za-z0-9+/]{40}$/);
  const k2 = (await admin.iam.send(new CreateAccessKeyCommand({ UserName: 'taro' }))).AccessKey;
  await rejects(admin.iam.send(new CreateAccessKeyCommand({ UserName: 'taro' })), 'LimitExceededException');
  step('CreateAccessKey ×2, third refused');

  const never = await admin.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k1?.AccessKeyId }));
  assert.equal(never.AccessKeyLastUsed?.ServiceName, 'N/A');
  assert.equal(never.AccessKeyLastUsed?.LastUsedDate, undefined);

  const taro = clients({ accessKeyId: /** @type {string} */ (k1?.AccessKeyId), secretAccessKey: /** @type {string} */ (k1?.SecretAccessKey) });
  const self = await taro.sts.send(new GetCallerIdentityCommand({}));
  assert.equal(self.Arn, `arn:aws:iam::${iam.accountId}:user/staff/taro`);
  const denied = await rejects(taro.iam.send(new ListAccessKeysCommand({})), 'AccessDenied');
  console.log('    ', denied.message);
  const used = await admin.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k1?.AccessKeyId }));
  assert.equal(used.AccessKeyLastUsed?.ServiceName, 'iam');
  assert.equal(used.AccessKeyLastUsed?.Region, 'eu-west-1');
  step('user key: GetCallerIdentity ok, ListAccessKeys denied without policy, LastUsed recorded');

  const selfService = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['iam:*AccessKey*', 'iam:GetUser', 'iam:ChangePassword', 'iam:GetLoginProfile'], Resource: 'arn:aws:iam::*:user/*/${aws:username}' },
      { Effect: 'Deny', Action: 'iam:DeleteAccessKey', Resource: '*', Condition: { StringEquals: { 'aws:username': 'taro' } } },
    ],
  });
  await admin.iam.send(new PutUserPolicyCommand({ UserName: 'taro', PolicyName: 'self', PolicyDocument: selfService }));
  const pol = await admin.iam.send(new GetUserPolicyCommand({ UserName: 'taro', PolicyName: 'self' }));
  assert.equal(decodeURIComponent(pol.PolicyDocument ?? ''), selfService);
  assert.deepEqual((await admin.iam.send(new ListUserPoliciesCommand({ UserName: 'taro' }))).PolicyNames, ['self']);
  await rejects(admin.iam.send(new PutUserPolicyCommand({ UserName: 'taro', PolicyName: 'bad', PolicyDocument: '{}' })), 'MalformedPolicyDocumentException');
  step('PutUserPolicy / GetUserPolicy (URL-encoded) / ListUserPolicies / malformed refused');

  const keys = await taro.iam.send(new ListAccessKeysCommand({}));
  assert.equal(keys.AccessKeyMetadata?.length, 2);
  await taro.iam.send(new UpdateAccessKeyCommand({ AccessKeyId: k2?.AccessKeyId, Status: 'Inactive' }));
  const afterUpdate = await taro.iam.send(new ListAccessKeysCommand({ UserName: 'taro' }));
  assert.equal(afterUpdate.AccessKeyMetadata?.find((k) => k.AccessKeyId === k2?.AccessKeyId)?.Status, 'Inactive');
  const denyMsg = await rejects(taro.iam.send(new DeleteAccessKeyCommand({ AccessKeyId: k2?.AccessKeyId })), 'AccessDenied');
  assert.match(denyMsg.message, /explicit deny/);
  await rejects(taro.iam.send(new GetUserCommand({ UserName: 'someone' })), 'AccessDenied');
  const k2client = clients({ accessKeyId: /** @type {string} */ (k2?.AccessKeyId), secretAccessKey: /** @type {string} */ (k2?.SecretAccessKey) });
  await rejects(k2client.sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
  step('self-service ListAccessKeys / UpdateAccessKey; explicit Deny; inactive key refused');

  // Timing of the hot path.
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) await taro.iam.send(new ListAccessKeysCommand({}));
  console.log(`     ListAccessKeys: ${((performance.now() - t0) / 200).toFixed(2)} ms/call`);

  await rejects(admin.iam.send(new CreateLoginProfileCommand({ UserName: 'taro', Password: 'short' })), 'PasswordPolicyViolationException');
  const lp = await admin.iam.send(new CreateLoginProfileCommand({ UserName: 'taro', Password: 'Initial-Pass1', PasswordResetRequired: true }));
  assert.equal(lp.LoginProfile?.PasswordResetRequired, true);
  await rejects(admin.iam.send(new CreateLoginProfileCommand({ UserName: 'taro', Password: 'Initial-Pass1' })), 'EntityAlreadyExistsException');
  step('CreateLoginProfile (policy check, duplicate)');

  await rejects(admin.iam.send(new ChangePasswordCommand({ OldPassword: 'x', NewPassword: 'y' })), 'InvalidUserTypeException');
  const wrongOld = await rejects(taro.iam.send(new ChangePasswordCommand({ OldPassword: 'nope', NewPassword: 'Another-Pass2' })), 'AccessDenied');
  assert.equal(wrongOld.message, 'The old password was incorrect.');
  await taro.iam.send(new ChangePasswordCommand({ OldPassword: 'Initial-Pass1', NewPassword: 'Another-Pass2' }));
  const lp2 = await taro.iam.send(new GetLoginProfileCommand({}));
  assert.equal(lp2.LoginProfile?.PasswordResetRequired, false);
  step('ChangePassword as the user (admin → InvalidUserType, wrong old → AccessDenied), reset flag cleared');

  await admin.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10, PasswordReusePrevention: 2, AllowUsersToChangePassword: true }));
  const pp = await taro.iam.send(new GetAccountPasswordPolicyCommand({}));
  assert.equal(pp.PasswordPolicy?.MinimumPasswordLength, 10);
  assert.equal(pp.PasswordPolicy?.ExpirePasswords, false);
  const reuse = await rejects(taro.iam.send(new ChangePasswordCommand({ OldPassword: 'Another-Pass2', NewPassword: 'Initial-Pass1' })), 'PasswordPolicyViolationException');
  console.log('    ', reuse.message);
  await admin.iam.send(new UpdateLoginProfileCommand({ UserName: 'taro', Password: 'Third-Password3', PasswordResetRequired: true }));
  await admin.iam.send(new DeleteAccountPasswordPolicyCommand({}));
  await rejects(admin.iam.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException');
  step('account password policy: reuse prevention, AllowUsersToChangePassword grant, delete');

  await admin.iam.send(new TagUserCommand({ UserName: 'taro', Tags: [{ Key: 'TEAM', Value: 'b' }, { Key: 'x', Value: '' }] }));
  const tags = await admin.iam.send(new ListUserTagsCommand({ UserName: 'taro' }));
  assert.deepEqual(tags.Tags, [{ Key: 'TEAM', Value: 'b' }, { Key: 'x', Value: '' }]);
  await admin.iam.send(new UntagUserCommand({ UserName: 'taro', TagKeys: ['x'] }));
  step('TagUser / ListUserTags / UntagUser');

  const mfa = await admin.iam.send(new ListMFADevicesCommand({ UserName: 'taro' }));
  assert.deepEqual(mfa.MFADevices, []);
  await rejects(admin.iam.send(new DeleteUserCommand({ UserName: 'taro' })), 'DeleteConflictException');
  await admin.iam.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: k1?.AccessKeyId }));
  await admin.iam.send(new DeleteAccessKeyCommand({ UserName: 'taro', AccessKeyId: k2?.AccessKeyId }));
  await admin.iam.send(new DeleteLoginProfileCommand({ UserName: 'taro' }));
  await admin.iam.send(new DeleteUserPolicyCommand({ UserName: 'taro', PolicyName: 'self' }));
  await admin.iam.send(new DeleteUserCommand({ UserName: 'taro' }));
  await rejects(admin.iam.send(new GetUserCommand({ UserName: 'taro' })), 'NoSuchEntityException');
  step('DeleteUser after cleanup');

  for (let i = 0; i < 5; i++) await admin.iam.send(new CreateUserCommand({ UserName: `u${i}` }));
  const page1 = await admin.iam.send(new ListUsersCommand({ MaxItems: 2 }));
  const page2 = await admin.iam.send(new ListUsersCommand({ MaxItems: 2, Marker: page1.Marker }));
  assert.equal(page1.IsTruncated, true);
  assert.deepEqual(page2.Users?.map((u) => u.UserName), ['u2', 'u3']);
  const v = await rejects(admin.iam.send(new ListUsersCommand({ MaxItems: 0 })), 'ValidationError');
  console.log('    ', v.message);
  step('pagination and validation');

  // Raw requests: bad input must give IAM-shaped XML errors, never a crash.
  /**
   * @param {string | Buffer} body
   * @param {{ contentType?: string, auth?: string, secret?: string, skewMs?: number, service?: string, keyId?: string }} [o]
   */
  async function raw(body, o = {}) {
    const url = new URL(iam.url);
    const amzDate = new Date(Date.now() + (o.skewMs ?? 0)).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    const service = o.service ?? 'iam';
    /** @type {Record<string, string>} */
    const headers = { 'content-type': o.contentType ?? 'application/x-www-form-urlencoded; charset=utf-8', host: url.host, 'x-amz-date': amzDate };
    const signed = 'content-type;host;x-amz-date';
    const { createHash, createHmac } = await import('node:crypto');
    const h = (/** @type {any} */ k, /** @type {string} */ d) => createHmac('sha256', k).update(d).digest();
    const cr = `POST\n/\n\n${signed.split(';').map((n) => `${n}:${headers[n]}\n`).join('')}\n${signed}\n${createHash('sha256').update(body).digest('hex')}`;
    const scope = `${date}/us-east-1/${service}/aws4_request`;
    const sts = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(cr).digest('hex')}`;
    const key = h(h(h(h(`AWS4${o.secret ?? iam.adminSecretAccessKey}`, date), 'us-east-1'), service), 'aws4_request');
    headers.authorization = o.auth ?? `AWS4-HMAC-SHA256 Credential=${o.keyId ?? iam.adminAccessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${h(key, sts).toString('hex')}`;
    delete headers.host;
    const res = await fetch(iam.url + '/', { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
    const text = await res.text();
    const code = /<Code>(.*?)<\/Code>/.exec(text)?.[1];
    return { status: res.status, code, text, requestId: res.headers.get('x-amzn-requestid') };
  }
  /** @type {[string, Awaited<ReturnType<typeof raw>>, number, string | undefined][]} */
  const cases = [
    ['bad percent-encoding', await raw('Action=ListUsers&Version=2010-05-08&PathPrefix=%zz'), 400, 'MalformedQueryString'],
    ['JSON body', await raw('{"Action":"ListUsers"}', { contentType: 'application/json' }), 400, 'MissingAction'],
    ['garbage Authorization', await raw('Action=ListUsers&Version=2010-05-08', { auth: 'garbage' }), 400, 'IncompleteSignature'],
    ['no Credential', await raw('Action=ListUsers&Version=2010-05-08', { auth: 'AWS4-HMAC-SHA256 foo' }), 400, 'IncompleteSignature'],
    ['unknown key', await raw('Action=ListUsers&Version=2010-05-08', { keyId: 'AKIAUNKNOWNUNKNOWN00' }), 403, 'InvalidClientTokenId'],
    ['wrong secret', await raw('Action=ListUsers&Version=2010-05-08', { secret: 'x' }), 403, 'SignatureDoesNotMatch'],
    ['clock skew', await raw('Action=ListUsers&Version=2010-05-08', { skewMs: -20 * 60000 }), 403, 'SignatureDoesNotMatch'],
    ['oversized body', await raw(Buffer.alloc(2 * 1024 * 1024, 'a')), 413, 'RequestEntityTooLarge'],
    ['no Version', await raw('Action=ListUsers'), 400, 'InvalidAction'],
    ['unknown action', await raw('Action=Frobnicate&Version=2010-05-08'), 400, 'InvalidAction'],
    ['sensitive validation', await raw('Action=CreateLoginProfile&Version=2010-05-08&UserName=u1&Password=%C4%80'), 400, 'ValidationError'],
    ['plus is space', await raw('Action=CreateUser&Version=2010-05-08&UserName=a+b'), 400, 'ValidationError'],
    ['STS by Version', await raw('Action=GetCallerIdentity&Version=2011-06-15', { service: 'sts' }), 200, undefined],
    ['STS wrong scope', await raw('Action=GetCallerIdentity&Version=2011-06-15'), 403, 'SignatureDoesNotMatch'],
  ];
  for (const [name, r, status, code] of cases) {
    assert.equal(r.status, status, `${name}: ${r.text}`);
    assert.equal(r.code, code, `${name}: ${r.text}`);
    assert.ok(r.requestId, name);
    console.log(`     ${name}: ${r.status} ${r.code ?? ''} ${/<Message>(.*?)<\/Message>/.exec(r.text)?.[1] ?? ''}`.slice(0, 200));
  }
  step('raw malformed requests');

  iam.injectFault({ action: 'ListUsers', count: 1, fault: 'Throttling' });
  await rejects(admin.iam.send(new ListUsersCommand({})), 'Throttling');
  step(`fault injection (ListUsers requests: ${iam.requestCount('ListUsers')})`);
} finally {
  await iam.close();
}
