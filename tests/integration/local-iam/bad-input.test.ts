// Raw requests the SDK would never send. Each must get an IAM-shaped 4xx XML error, and the
// server must keep serving afterwards.
import { CreateUserCommand, GetUserCommand, type IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  expectXmlError,
  type RawResponse,
  rawRequest,
  signRequest,
  type StartedIam,
  startIam,
} from '@/tests/support/local-iam';

let iam: StartedIam;
let admin: IAMClient;
let endpoint: string;

beforeAll(async () => {
  iam = await startIam();
  admin = adminClient(iam);
  endpoint = `${iam.url.replace(/\/$/, '')}/`;
  await admin.send(new CreateUserCommand({ UserName: 'existing' }));
});

afterAll(async () => {
  await iam?.stop();
});

interface BadCase {
  name: string;
  /** Form body, signed with the admin key unless `send` is given. */
  body?: string | Buffer;
  contentType?: string;
  send?: () => Promise<RawResponse>;
  status?: number;
  code?: string;
  message?: string;
}

function signedPost(body: string | Buffer, contentType?: string): Promise<RawResponse> {
  const headers = signRequest({
    url: endpoint,
    body,
    accessKeyId: iam.adminAccessKeyId,
    secretAccessKey: iam.adminSecretAccessKey,
    ...(contentType ? { contentType } : {}),
  });
  return rawRequest(endpoint, { headers, body });
}

const V = 'Version=2010-05-08';

const cases: BadCase[] = [
  {
    name: 'unknown Action',
    body: `Action=DescribeUnicorns&${V}`,
    status: 400,
    code: 'InvalidAction',
    message: 'Could not find operation DescribeUnicorns for version 2010-05-08',
  },
  { name: 'missing Action', body: V },
  { name: 'empty Action', body: `Action=&${V}` },
  { name: 'wrong Version', body: 'Action=ListUsers&Version=2099-01-01' },
  { name: 'missing Version', body: 'Action=ListUsers' },
  { name: 'STS action with the IAM version', body: `Action=GetCallerIdentity&${V}` },
  {
    name: 'missing required UserName',
    body: `Action=CreateUser&${V}`,
    status: 400,
    code: 'ValidationError',
    message: "Value null at 'userName' failed to satisfy constraint: Member must not be null",
  },
  {
    name: 'UserName too long',
    body: `Action=CreateUser&${V}&UserName=${'a'.repeat(65)}`,
    status: 400,
    code: 'ValidationError',
    message: 'userName',
  },
  {
    name: 'UserName with a bad character',
    body: `Action=CreateUser&${V}&UserName=bad%2Fname`,
    status: 400,
    code: 'ValidationError',
    message: 'regular expression pattern',
  },
  {
    name: 'MaxItems not a number',
    body: `Action=ListUsers&${V}&MaxItems=lots`,
    status: 400,
  },
  {
    name: 'MaxItems 0',
    body: `Action=ListUsers&${V}&MaxItems=0`,
    status: 400,
    code: 'ValidationError',
    message: 'maxItems',
  },
  {
    name: 'MaxItems 1001',
    body: `Action=ListUsers&${V}&MaxItems=1001`,
    status: 400,
    code: 'ValidationError',
    message: 'maxItems',
  },
  {
    name: 'boolean that is not true/false',
    body: `Action=UpdateAccountPasswordPolicy&${V}&RequireSymbols=maybe`,
    status: 400,
  },
  {
    name: 'integer out of range for MinimumPasswordLength',
    body: `Action=UpdateAccountPasswordPolicy&${V}&MinimumPasswordLength=129`,
    status: 400,
    code: 'ValidationError',
  },
  {
    name: 'tag without a Value',
    body: `Action=TagUser&${V}&UserName=existing&Tags.member.1.Key=k`,
    status: 400,
    code: 'ValidationError',
  },
  {
    name: 'tags missing entirely on TagUser',
    body: `Action=TagUser&${V}&UserName=existing`,
    status: 400,
    code: 'ValidationError',
  },
  {
    name: 'access key id too short',
    body: `Action=DeleteAccessKey&${V}&UserName=existing&AccessKeyId=AKIA`,
    status: 400,
    code: 'ValidationError',
  },
  {
    name: 'bad Status enum',
    body: `Action=UpdateAccessKey&${V}&UserName=existing&AccessKeyId=AKIAAAAAAAAAAAAAAAAA&Status=Paused`,
    status: 400,
    code: 'ValidationError',
    message: 'enum value set',
  },
  {
    name: 'Path not starting and ending with /',
    body: `Action=CreateUser&${V}&UserName=pathy&Path=nope`,
    status: 400,
    code: 'ValidationError',
  },
  { name: 'malformed percent-encoding', body: `Action=ListUsers&${V}&Marker=%zz%` },
  { name: 'invalid UTF-8 in the body', body: Buffer.concat([Buffer.from(`Action=CreateUser&${V}&UserName=`), Buffer.from([0xc3, 0x28, 0xff])]) },
  { name: 'oversized body (2 MiB)', body: `Action=ListUsers&${V}&Marker=${'m'.repeat(2 * 1024 * 1024)}` },
  {
    name: 'Marker longer than 320 characters',
    body: `Action=ListUsers&${V}&Marker=${'m'.repeat(321)}`,
    status: 400,
  },
  {
    name: 'JSON content type',
    body: JSON.stringify({ Action: 'ListUsers', Version: '2010-05-08' }),
    contentType: 'application/json',
  },
  {
    name: 'form body sent as text/plain',
    body: `Action=ListUsers&${V}`,
    contentType: 'text/plain',
  },
  {
    name: 'GET instead of POST',
    send: () => {
      const url = `${endpoint}?Action=ListUsers&${V}`;
      const headers = signRequest({
        url,
        body: '',
        method: 'GET',
        accessKeyId: iam.adminAccessKeyId,
        secretAccessKey: iam.adminSecretAccessKey,
      });
      return rawRequest(url, { method: 'GET', headers });
    },
  },
  {
    name: 'PUT instead of POST',
    send: () => {
      const body = `Action=ListUsers&${V}`;
      const headers = signRequest({
        url: endpoint,
        body,
        method: 'PUT',
        accessKeyId: iam.adminAccessKeyId,
        secretAccessKey: iam.adminSecretAccessKey,
      });
      return rawRequest(endpoint, { method: 'PUT', headers, body });
    },
  },
  {
    name: 'empty body',
    send: () => signedPost(''),
  },
  {
    name: 'garbage Authorization header',
    send: () =>
      rawRequest(endpoint, {
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'AWS4-HMAC-SHA256 Credential=junk',
          'x-amz-date': '20240101T000000Z',
        },
        body: `Action=ListUsers&${V}`,
      }),
  },
  {
    name: 'x-amz-date that is not a date',
    send: () => {
      const body = `Action=ListUsers&${V}`;
      const headers = signRequest({
        url: endpoint,
        body,
        accessKeyId: iam.adminAccessKeyId,
        secretAccessKey: iam.adminSecretAccessKey,
      });
      return rawRequest(endpoint, { headers: { ...headers, 'x-amz-date': 'yesterday' }, body });
    },
  },
];

describe('bad requests get IAM-shaped 4xx XML errors', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const response = c.send ? await c.send() : await signedPost(c.body ?? '', c.contentType);
    expectXmlError(response, { status: c.status, code: c.code, message: c.message });
    expect(response.headers.get('x-amzn-requestid')).toMatch(/\S/);
  });

  it('nothing was created by the rejected CreateUser requests', async () => {
    const { Users } = await admin.send(new ListUsersCommand({}));
    expect(Users?.map((u) => u.UserName)).toEqual(['existing']);
  });

  it('after all of that the server still answers the SDK', async () => {
    const { User } = await admin.send(new GetUserCommand({ UserName: 'existing' }));
    expect(User?.UserName).toBe('existing');
    const health = await rawRequest(`${endpoint}_local/health`, { method: 'GET' });
    expect(health.status).toBe(200);
  });
});

describe('parameters the SDK sends and the server must still handle', () => {
  it('unknown extra parameters are ignored', async () => {
    const response = await signedPost(`Action=ListUsers&${V}&Frobnicate=yes`);
    expect(response.status, response.text).toBe(200);
  });

  it('Action and Version need not come first', async () => {
    const a = await signedPost(`Version=2010-05-08&MaxItems=5&Action=ListUsers`);
    expect(a.status, a.text).toBe(200);
    expect(a.text).toContain('<ListUsersResponse');
  });
});
