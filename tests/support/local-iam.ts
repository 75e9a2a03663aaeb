// Shared helpers for the local IAM endpoint's integration tests (tests/integration/local-iam/**).
// Tests talk to the server the way the portal does (the official SDK) and, for what the SDK
// can't produce (bad signatures, junk bodies), with raw fetch and a hand-written SigV4 signer.
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
  type User,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import {
  DEFAULT_ADMIN_ACCESS_KEY_ID,
  DEFAULT_ADMIN_SECRET_ACCESS_KEY,
  startLocalIam,
} from '@/local/iam/server.mjs';

export const ACCOUNT_ID = '123456789012';

// The SDK warns on Node 20 at client construction; it is known and pinned (see TOOLCHAIN.md).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export type FaultKind = 'Throttling' | 'ServiceFailure' | 'ServiceUnavailable' | 'RegionDisabled' | 'delay' | 'drop';

export interface FaultSpec {
  action: string;
  count: number;
  fault: FaultKind;
  delayMs?: number;
}

/** The handle `startLocalIam` returns, per the server contract. */
export interface LocalIam {
  url: string;
  port: number;
  accountId: string;
  adminAccessKeyId: string;
  adminSecretAccessKey: string;
  close(): Promise<void> | void;
  injectFault(fault: FaultSpec): unknown;
  clearFaults(): unknown;
  requestCount(action?: string): number;
  /** Assigns a device IAM's API cannot register (a security key `…:u2f/…`, a hardware token). */
  seedMfaDevice(userName: string, serialNumber?: string): void;
}

export interface StartedIam extends LocalIam {
  /** Path of the state file when one was asked for (persist or stateFile). */
  stateFile?: string;
  /** Closes the server and removes the temp state dir this helper created. */
  stop(): Promise<void>;
}

export interface StartIamOptions {
  /** Use this state file (kept after stop()). */
  stateFile?: string;
  /** Create a fresh temp dir with a state file in it (removed by stop()). */
  persist?: boolean;
  accountId?: string;
  /** The region of the STS endpoint the local one stands in for (besides us-east-1). */
  stsRegion?: string;
}

/** A fresh temp dir for a state file; the caller removes it with `removeStateDir`. */
export async function makeStateDir(): Promise<{ dir: string; stateFile: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kagi-local-iam-'));
  return { dir, stateFile: path.join(dir, 'iam-state.json') };
}

export async function removeStateDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function startIam(options: StartIamOptions = {}): Promise<StartedIam> {
  let tempDir: string | undefined;
  let stateFile = options.stateFile;
  if (!stateFile && options.persist) {
    const made = await makeStateDir();
    tempDir = made.dir;
    stateFile = made.stateFile;
  }
  const server = (await startLocalIam({
    port: 0,
    host: '127.0.0.1',
    quiet: true,
    ...(stateFile ? { stateFile } : {}),
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.stsRegion ? { stsRegion: options.stsRegion } : {}),
  })) as LocalIam;
  let stopped = false;
  return Object.assign(server, {
    stateFile,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      if (tempDir) await removeStateDir(tempDir);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// SDK clients

export interface ClientOptions {
  region?: string;
  /** 1 unless a test is about retries. */
  maxAttempts?: number;
}

const endpointOf = new WeakMap<IAMClient, string>();

export function clientFor(
  url: string,
  accessKeyId: string,
  secretAccessKey: string,
  options: ClientOptions = {},
): IAMClient {
  const client = new IAMClient({
    region: options.region ?? 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: options.maxAttempts ?? 1,
  });
  endpointOf.set(client, url);
  return client;
}

/** Admin client: pass the server handle, or a URL for a server using the default admin key. */
export function adminClient(target: LocalIam | string, options: ClientOptions = {}): IAMClient {
  if (typeof target === 'string') {
    return clientFor(
      target,
      DEFAULT_ADMIN_ACCESS_KEY_ID as string,
      DEFAULT_ADMIN_SECRET_ACCESS_KEY as string,
      options,
    );
  }
  return clientFor(target.url, target.adminAccessKeyId, target.adminSecretAccessKey, options);
}

export function stsClientFor(
  url: string,
  accessKeyId: string,
  secretAccessKey: string,
  options: ClientOptions = {},
): STSClient {
  return new STSClient({
    region: options.region ?? 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: options.maxAttempts ?? 1,
  });
}

export interface PolicyDocument {
  Version?: string;
  Statement: Array<Record<string, unknown>>;
}

export function policy(...statements: Array<Record<string, unknown>>): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

export const allow = (Action: string | string[], Resource: string | string[]) => ({
  Effect: 'Allow',
  Action,
  Resource,
});
export const deny = (Action: string | string[], Resource: string | string[]) => ({
  Effect: 'Deny',
  Action,
  Resource,
});

export function userArn(name: string, userPath = '/', accountId = ACCOUNT_ID): string {
  return `arn:aws:iam::${accountId}:user${userPath}${name}`;
}

export interface UserWithKey {
  user: User;
  userName: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** IAM client signing with the user's own key. */
  client: IAMClient;
  /** STS client signing with the user's own key. */
  sts: STSClient;
}

export async function createUserWithKey(
  admin: IAMClient,
  userName: string,
  options: {
    path?: string;
    policy?: PolicyDocument | string;
    policyName?: string;
    clientOptions?: ClientOptions;
  } = {},
): Promise<UserWithKey> {
  const url = endpointOf.get(admin);
  if (!url) throw new Error('createUserWithKey: pass a client made by clientFor/adminClient');
  const created = await admin.send(
    new CreateUserCommand({ UserName: userName, ...(options.path ? { Path: options.path } : {}) }),
  );
  if (options.policy !== undefined) {
    await admin.send(
      new PutUserPolicyCommand({
        UserName: userName,
        PolicyName: options.policyName ?? 'inline',
        PolicyDocument:
          typeof options.policy === 'string' ? options.policy : JSON.stringify(options.policy),
      }),
    );
  }
  const key = await admin.send(new CreateAccessKeyCommand({ UserName: userName }));
  const accessKeyId = key.AccessKey?.AccessKeyId;
  const secretAccessKey = key.AccessKey?.SecretAccessKey;
  if (!created.User || !accessKeyId || !secretAccessKey) {
    throw new Error(`createUserWithKey(${userName}): incomplete response from the server`);
  }
  return {
    user: created.User,
    userName,
    arn: created.User.Arn ?? '',
    accessKeyId,
    secretAccessKey,
    client: clientFor(url, accessKeyId, secretAccessKey, options.clientOptions),
    sts: stsClientFor(url, accessKeyId, secretAccessKey, options.clientOptions),
  };
}

// ---------------------------------------------------------------------------------------------
// Error assertions

export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $fault?: 'client' | 'server';
  Code?: string;
}

export interface ExpectedIamError {
  /** The SDK error name: the class name for modeled errors (`NoSuchEntityException`), else the wire code (`AccessDenied`). */
  name: string;
  status: number;
  /** Substring (or pattern) the message must contain. */
  message?: string | RegExp;
}

/** Awaits `promise`, asserts it rejects with the given SDK error, and returns the error. */
export async function expectIamError(
  promise: Promise<unknown>,
  expected: ExpectedIamError,
): Promise<SdkError> {
  let caught: unknown;
  let value: unknown;
  let rejected = false;
  try {
    value = await promise;
  } catch (error) {
    rejected = true;
    caught = error;
  }
  if (!rejected) {
    expect.fail(
      `expected ${expected.name} (${expected.status}) but the call succeeded with ${safeJson(value)}`,
    );
  }
  const error = caught as SdkError;
  expect(
    { name: error?.name, status: error?.$metadata?.httpStatusCode },
    `error was: ${error?.name}: ${error?.message}`,
  ).toEqual({ name: expected.name, status: expected.status });
  if (expected.message instanceof RegExp) expect(error.message).toMatch(expected.message);
  else if (expected.message !== undefined) expect(error.message).toContain(expected.message);
  return error;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (key, v: unknown) => (key === '$metadata' ? undefined : v));
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Raw requests with a hand-written SigV4 signer (botocore style: signs content-type;host;x-amz-date)

export const sha256Hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** `YYYYMMDDTHHMMSSZ` */
export function amzDate(at: Date = new Date()): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export interface SignOptions {
  url: string;
  body: string | Buffer;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  service?: string;
  method?: string;
  date?: Date;
  contentType?: string;
  /** Extra headers to sign (lower-case names). */
  extraSignedHeaders?: Record<string, string>;
  /** Leave `host` out of SignedHeaders (fetch still sends it), which IAM refuses. */
  withoutHost?: boolean;
}

/** Headers for a SigV4-signed request, `host` included (fetch sets the same value itself). */
export function signRequest(options: SignOptions): Record<string, string> {
  const region = options.region ?? 'us-east-1';
  const service = options.service ?? 'iam';
  const method = options.method ?? 'POST';
  const target = new URL(options.url);
  const xAmzDate = amzDate(options.date);
  const day = xAmzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded; charset=utf-8',
    ...(options.withoutHost ? {} : { host: target.host }),
    'x-amz-date': xAmzDate,
    ...options.extraSignedHeaders,
  };
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const signedHeaders = names.join(';');
  const canonicalQuery = [...target.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    method,
    target.pathname || '/',
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    sha256Hex(options.body),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', xAmzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, day), region), service),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** fetch that returns status, headers and body text. `host` is dropped: fetch sets it itself. */
export async function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const headers = Object.fromEntries(
    Object.entries(init.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'host'),
  );
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers,
    ...(init.body !== undefined
      ? { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) }
      : {}),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Form-encodes params botocore style (space as `+`). */
export function formBody(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

export interface SignedCallOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  service?: string;
  date?: Date;
}

/** Sends a hand-signed POST (admin key by default) with the given body. */
export function signedCall(
  iam: LocalIam,
  body: string | Record<string, string>,
  options: SignedCallOptions = {},
): Promise<RawResponse> {
  const text = typeof body === 'string' ? body : formBody(body);
  const url = `${iam.url.replace(/\/$/, '')}/`;
  const headers = signRequest({
    url,
    body: text,
    accessKeyId: options.accessKeyId ?? iam.adminAccessKeyId,
    secretAccessKey: options.secretAccessKey ?? iam.adminSecretAccessKey,
    region: options.region,
    service: options.service,
    date: options.date,
  });
  return rawRequest(url, { headers, body: text });
}

/** First text content of `<tag>` in an XML document (no nesting awareness; fine for leaves). */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match?.[1];
}

/** Asserts an IAM-shaped XML error and returns its Code and Message. */
export function expectXmlError(
  response: RawResponse,
  expected: { status?: number; code?: string; message?: string } = {},
): { code: string; message: string | undefined; requestId: string } {
  const context = `HTTP ${response.status}: ${response.text.slice(0, 400)}`;
  if (expected.status !== undefined) expect(response.status, context).toBe(expected.status);
  else {
    expect(response.status, context).toBeGreaterThanOrEqual(400);
    expect(response.status, context).toBeLessThan(500);
  }
  expect(response.text, context).toMatch(/<ErrorResponse[\s>]/);
  const code = xmlText(response.text, 'Code');
  const requestId = xmlText(response.text, 'RequestId');
  expect(code, context).toMatch(/^\w+$/);
  expect(requestId, context).toMatch(/\S/);
  if (expected.code !== undefined) expect(code, context).toBe(expected.code);
  const message = xmlText(response.text, 'Message');
  if (expected.message !== undefined) expect(message ?? '', context).toContain(expected.message);
  return { code: code ?? '', message, requestId: requestId ?? '' };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// TOTP codes, as an authenticator app computes them (RFC 6238: SHA-1, 30 s, 6 digits)

/** The code a device with this base32 seed shows `stepsFromNow` 30-second steps after `at`. */
export function totpCode(seed: string, stepsFromNow = 0, at = Date.now()): string {
  const totp = new TOTP({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: at + stepsFromNow * 30_000 });
}

/**
 * Two consecutive codes: the one shown now and the next (from one reading of the clock, so a
 * step boundary cannot fall between them).
 */
export function consecutiveCodes(seed: string, stepsFromNow = 0): { code1: string; code2: string } {
  const at = Date.now();
  return { code1: totpCode(seed, stepsFromNow, at), code2: totpCode(seed, stepsFromNow + 1, at) };
}
