import {
  CreateUserCommand,
  GetUserCommand,
  type IAMClient,
  ListUserTagsCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  DeleteAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  adminClient,
  clientFor,
  createUserWithKey,
  expectIamError,
  expectXmlError,
  formBody,
  rawRequest,
  sha256Hex,
  signedCall,
  signRequest,
  type StartedIam,
  startIam,
  stsClientFor,
  xmlText,
} from '@/tests/support/local-iam';

let iam: StartedIam;
let admin: IAMClient;
let endpoint: string;

const LIST_USERS = 'Action=ListUsers&Version=2010-05-08';
const UUIDISH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
  endpoint = `${iam.url.replace(/\/$/, '')}/`;
});

afterAll(async () => {
  await iam?.stop();
});

function adminHeaders(body: string, extra: Partial<Parameters<typeof signRequest>[0]> = {}) {
  return signRequest({
    url: endpoint,
    body,
    accessKeyId: iam.adminAccessKeyId,
    secretAccessKey: iam.adminSecretAccessKey,
    ...extra,
  });
}

describe('valid signatures', () => {
  it('the SDK with the admin key works and gets a request id from x-amzn-RequestId', async () => {
    const result = await admin.send(new ListUsersCommand({}));
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(result.$metadata.requestId).toMatch(/\S/);
  });

  it('a hand-signed, botocore-style request (content-type;host;x-amz-date) is accepted', async () => {
    const response = await rawRequest(endpoint, { headers: adminHeaders(LIST_USERS), body: LIST_USERS });
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(response.text).toContain('<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
    expect(response.text).toContain('<IsTruncated>false</IsTruncated>');
    const headerId = response.headers.get('x-amzn-requestid');
    expect(headerId).toMatch(UUIDISH);
    expect(xmlText(response.text, 'RequestId')).toBe(headerId);
  });

  it('accepts IAM requests signed for us-east-1 only, as IAM’s global endpoint does', async () => {
    expect((await signedCall(iam, LIST_USERS, { region: 'us-east-1' })).status).toBe(200);
    for (const region of ['eu-west-1', 'ap-northeast-3']) {
      const response = await signedCall(iam, LIST_USERS, { region });
      expect(response.status, response.text).toBe(403);
      expect(xmlText(response.text, 'Code')).toBe('SignatureDoesNotMatch');
      expect(xmlText(response.text, 'Message')).toBe(`Credential should be scoped to a valid region, not '${region}'. `);
    }
    const sdk = clientFor(iam.url, iam.adminAccessKeyId, iam.adminSecretAccessKey, {
      region: 'eu-central-1',
    });
    await expect(sdk.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
  });

  it('decodes + as a space in botocore-style form bodies', async () => {
    await admin.send(new CreateUserCommand({ UserName: 'spacey' }));
    const body = formBody({
      Action: 'TagUser',
      Version: '2010-05-08',
      UserName: 'spacey',
      'Tags.member.1.Key': 'note',
      'Tags.member.1.Value': 'two words+plus',
    });
    expect(body).toContain('two+words%2Bplus');
    const response = await signedCall(iam, body);
    expect(response.status, response.text).toBe(200);
    const { Tags } = await admin.send(new ListUserTagsCommand({ UserName: 'spacey' }));
    expect(Tags).toEqual([{ Key: 'note', Value: 'two words+plus' }]);
  });

  it('ignores headers that are not in SignedHeaders', async () => {
    const headers = { ...adminHeaders(LIST_USERS), 'x-unsigned-extra': 'whatever', 'user-agent': 'test/1' };
    const response = await rawRequest(endpoint, { headers, body: LIST_USERS });
    expect(response.status, response.text).toBe(200);
  });

  it('routes STS by Version / signing service and answers in the STS namespace', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const response = await signedCall(iam, body, { service: 'sts' });
    expect(response.status, response.text).toBe(200);
    expect(response.text).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    expect(xmlText(response.text, 'Arn')).toBe(`arn:aws:iam::${ACCOUNT_ID}:root`);
    expect(xmlText(response.text, 'Account')).toBe(ACCOUNT_ID);
  });
});

describe('rejected credentials (SDK)', () => {
  it('an unknown access key id is InvalidClientTokenId 403', async () => {
    const stranger = clientFor(iam.url, 'AKIAUNKNOWNKEY000000', 'x'.repeat(40));
    await expectIamError(stranger.send(new ListUsersCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid',
    });
    const sts = stsClientFor(iam.url, 'AKIAUNKNOWNKEY000000', 'x'.repeat(40));
    await expectIamError(sts.send(new GetCallerIdentityCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
    });
  });

  it('the right key id with the wrong secret is SignatureDoesNotMatch 403', async () => {
    const forged = clientFor(iam.url, iam.adminAccessKeyId, `${iam.adminSecretAccessKey}x`);
    await expectIamError(forged.send(new ListUsersCommand({})), {
      name: 'SignatureDoesNotMatch',
      status: 403,
      message: 'The request signature we calculated does not match the signature you provided.',
    });
  });

  it('an inactive key is InvalidClientTokenId 403, a deleted one too', async () => {
    const ina = await createUserWithKey(admin, 'ina');
    await admin.send(
      new UpdateAccessKeyCommand({ UserName: 'ina', AccessKeyId: ina.accessKeyId, Status: 'Inactive' }),
    );
    await expectIamError(ina.sts.send(new GetCallerIdentityCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
    });
    await admin.send(new DeleteAccessKeyCommand({ UserName: 'ina', AccessKeyId: ina.accessKeyId }));
    await expectIamError(ina.sts.send(new GetCallerIdentityCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
    });
  });

  it('a user’s wrong secret is SignatureDoesNotMatch, not an authorization error', async () => {
    const ugo = await createUserWithKey(admin, 'ugo');
    const forged = stsClientFor(iam.url, ugo.accessKeyId, ugo.secretAccessKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    await expectIamError(forged.send(new GetCallerIdentityCommand({})), {
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
  });
});

describe('rejected requests (raw fetch)', () => {
  it('no Authorization header is MissingAuthenticationToken 403', async () => {
    const response = await rawRequest(endpoint, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: LIST_USERS,
    });
    const { requestId } = expectXmlError(response, {
      status: 403,
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    });
    expect(response.text).toContain('<Type>Sender</Type>');
    expect(response.text).toContain('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
    expect(response.headers.get('x-amzn-requestid')).toBe(requestId);
  });

  it('an AWS4 Authorization header missing its parts is IncompleteSignature 400', async () => {
    const headers = { ...adminHeaders(LIST_USERS), authorization: 'AWS4-HMAC-SHA256 garbage' };
    const response = await rawRequest(endpoint, { headers, body: LIST_USERS });
    expectXmlError(response, { status: 400, code: 'IncompleteSignature' });
  });

  it('a non-AWS4 scheme or binary junk in Authorization is a 4xx IAM error', async () => {
    for (const authorization of ['Bearer abc.def.ghi', 'AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=', '%%%===;;;']) {
      const headers = { ...adminHeaders(LIST_USERS), authorization };
      const response = await rawRequest(endpoint, { headers, body: LIST_USERS }).catch(
        (error: Error) => ({ status: 0, text: String(error), headers: new Headers() }),
      );
      expectXmlError(response);
    }
  });

  it('a body changed after signing is SignatureDoesNotMatch', async () => {
    const headers = adminHeaders(LIST_USERS);
    const response = await rawRequest(endpoint, {
      headers,
      body: 'Action=ListUsers&Version=2010-05-08&MaxItems=5',
    });
    expectXmlError(response, { status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('a changed body is caught even when x-amz-content-sha256 vouches for the old one', async () => {
    // the JS SDK signs x-amz-content-sha256; the server must hash the body it received
    const headers = adminHeaders(LIST_USERS, {
      extraSignedHeaders: { 'x-amz-content-sha256': sha256Hex(LIST_USERS) },
    });
    const response = await rawRequest(endpoint, {
      headers,
      body: 'Action=CreateUser&Version=2010-05-08&UserName=smuggled',
    });
    expectXmlError(response, { status: 403, code: 'SignatureDoesNotMatch' });
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'smuggled' })), {
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('a signed header changed after signing is SignatureDoesNotMatch', async () => {
    const headers = adminHeaders(LIST_USERS);
    const response = await rawRequest(endpoint, {
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: LIST_USERS,
    });
    expectXmlError(response, { status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('a signature that does not sign host is IncompleteSignature 400, as IAM answers', async () => {
    const headers = adminHeaders('Action=CreateUser&Version=2010-05-08&UserName=unsigned-host', { withoutHost: true });
    expect(headers.authorization).not.toMatch(/SignedHeaders=[^,]*host/);
    const response = await rawRequest(endpoint, { headers, body: 'Action=CreateUser&Version=2010-05-08&UserName=unsigned-host' });
    expectXmlError(response, {
      status: 400,
      code: 'IncompleteSignature',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
    await expectIamError(admin.send(new GetUserCommand({ UserName: 'unsigned-host' })), { name: 'NoSuchEntityException', status: 404 });
  });

  it('a credential scope changed after signing is SignatureDoesNotMatch', async () => {
    // signed for service "iam" but the scope in the header claims "sts": the key differs
    const headers = adminHeaders(LIST_USERS);
    headers.authorization = headers.authorization!.replace('/iam/aws4_request', '/sts/aws4_request');
    const response = await rawRequest(endpoint, { headers, body: LIST_USERS });
    expectXmlError(response, { status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('a request dated more than 15 minutes ago is rejected as expired', async () => {
    const old = new Date(Date.now() - 20 * 60_000);
    const response = await rawRequest(endpoint, {
      headers: adminHeaders(LIST_USERS, { date: old }),
      body: LIST_USERS,
    });
    expectXmlError(response, { status: 403, code: 'SignatureDoesNotMatch', message: 'Signature expired' });
  });

  it('an unknown key via raw fetch is InvalidClientTokenId with the error envelope', async () => {
    const headers = signRequest({
      url: endpoint,
      body: LIST_USERS,
      accessKeyId: 'AKIAUNKNOWNKEY000000',
      secretAccessKey: 'x'.repeat(40),
    });
    const response = await rawRequest(endpoint, { headers, body: LIST_USERS });
    expectXmlError(response, { status: 403, code: 'InvalidClientTokenId' });
  });

  it('the server keeps serving after all of that', async () => {
    const result = await admin.send(new ListUsersCommand({}));
    expect(result.Users?.map((u) => u.UserName)).toContain('spacey');
  });
});
