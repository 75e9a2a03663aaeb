import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

import { AppError, type ErrorCode } from '@/lib/app-error';
import { callIam, toAppError } from '@/lib/iam/errors';

/** An error shaped like the AWS SDK's: the IAM error code is its `name`. */
function iamError(name: string, message = `IAM says ${name}: arn:aws:iam::123456789012:user/alice`): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('toAppError', () => {
  it.each<[string, ErrorCode, number]>([
    ['NoSuchEntity', 'not-found', 404],
    ['NoSuchEntityException', 'not-found', 404],
    ['LimitExceeded', 'access-key-quota', 409],
    ['LimitExceededException', 'access-key-quota', 409],
    ['PasswordPolicyViolation', 'password-policy', 400],
    ['PasswordPolicyViolationException', 'password-policy', 400],
    ['EntityTemporarilyUnmodifiable', 'iam-busy', 409],
    ['EntityTemporarilyUnmodifiableException', 'iam-busy', 409],
    ['ConcurrentModification', 'iam-busy', 409],
    ['ConcurrentModificationException', 'iam-busy', 409],
    ['Throttling', 'iam-throttled', 503],
    ['ThrottlingException', 'iam-throttled', 503],
    ['RequestLimitExceeded', 'iam-throttled', 503],
    ['AccessDenied', 'iam-denied', 502],
    ['AccessDeniedException', 'iam-denied', 502],
    ['ValidationError', 'invalid-input', 400],
    ['InvalidInput', 'invalid-input', 400],
    ['InvalidInputException', 'invalid-input', 400],
    ['ServiceFailure', 'iam-unavailable', 502],
    ['SomethingNobodyHeardOf', 'iam-unavailable', 502],
    ['Error', 'iam-unavailable', 502],
    ['nosuchentity', 'iam-unavailable', 502],
  ])('%s → %s (%i)', (name, code, status) => {
    const original = iamError(name);
    const error = toAppError(original);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    // IAM text is never the message people could see; it is kept only as the cause.
    expect(error.message).not.toBe(original.message);
    expect(error.message).not.toContain('IAM says');
    expect(error.message).not.toContain('arn:aws');
    expect(error.message).toBe(error.title);
    expect(error.detail).toBeUndefined();
    expect(error.cause).toBe(original);
    expect(error.retryAfterSeconds).toBe(code === 'iam-throttled' ? 5 : undefined);
  });

  it('throttling carries a retry time', () => {
    const error = toAppError(iamError('Throttling'));
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBe(5);
  });

  it('a TypeError (e.g. a network failure) is iam-unavailable', () => {
    const original = new TypeError('fetch failed');
    const error = toAppError(original);
    expect(error.code).toBe('iam-unavailable');
    expect(error.status).toBe(502);
    expect(error.cause).toBe(original);
    expect(error.message).not.toContain('fetch failed');
  });

  it.each<[string, unknown]>([
    ['string', 'NoSuchEntity'],
    ['plain object with a name', { name: 'NoSuchEntity', message: 'nope' }],
    ['null', null],
    ['undefined', undefined],
    ['number', 42],
  ])('a non-Error value (%s) is iam-unavailable with the value as cause', (_label, value) => {
    const error = toAppError(value);
    expect(error.code).toBe('iam-unavailable');
    expect(error.status).toBe(502);
    expect(error.cause).toBe(value);
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('an AppError passes through unchanged (same object)', () => {
    const original = new AppError('forbidden', { detail: 'no', extra: { a: 1 } });
    expect(toAppError(original)).toBe(original);
    expect(toAppError(original, { forbidden: 'not-found' })).toBe(original);
    expect(original.code).toBe('forbidden');
  });

  it('overrides re-label the mapped code', () => {
    const original = iamError('NoSuchEntity');
    const error = toAppError(original, { 'not-found': 'no-console-password' });
    expect(error.code).toBe('no-console-password');
    expect(error.status).toBe(404);
    expect(error.cause).toBe(original);
    expect(error.message).toBe('Console sign-in is not enabled for this account.');
  });

  it('overrides only apply to their own code', () => {
    const error = toAppError(iamError('LimitExceeded'), { 'not-found': 'no-console-password' });
    expect(error.code).toBe('access-key-quota');
  });

  it('an override to iam-throttled gets a retry time; away from it loses it', () => {
    expect(toAppError(iamError('EntityTemporarilyUnmodifiable'), { 'iam-busy': 'iam-throttled' }).retryAfterSeconds).toBe(5);
    const relabelled = toAppError(iamError('Throttling'), { 'iam-throttled': 'iam-busy' });
    expect(relabelled.code).toBe('iam-busy');
    expect(relabelled.status).toBe(409);
    expect(relabelled.retryAfterSeconds).toBeUndefined();
  });

  it('an unknown error can be re-labelled through iam-unavailable', () => {
    expect(toAppError(new Error('x'), { 'iam-unavailable': 'internal' }).code).toBe('internal');
  });
});

describe('callIam', () => {
  it('returns the value of a successful call', async () => {
    await expect(callIam(async () => ({ UserName: 'alice' }))).resolves.toEqual({ UserName: 'alice' });
  });

  it('maps a rejected call to an AppError', async () => {
    const original = iamError('NoSuchEntity');
    const promise = callIam(async () => {
      throw original;
    });
    await expect(promise).rejects.toBeInstanceOf(AppError);
    await expect(promise).rejects.toMatchObject({ code: 'not-found', status: 404, cause: original });
  });

  it('applies overrides', async () => {
    await expect(
      callIam(() => Promise.reject(iamError('NoSuchEntity')), { 'not-found': 'no-console-password' }),
    ).rejects.toMatchObject({ code: 'no-console-password', status: 404 });
  });

  it('maps a synchronous throw from the runner too', async () => {
    await expect(
      callIam(() => {
        throw iamError('Throttling');
      }),
    ).rejects.toMatchObject({ code: 'iam-throttled', status: 503, retryAfterSeconds: 5 });
  });

  it('lets an AppError through unchanged', async () => {
    const original = new AppError('rate-limited');
    await expect(callIam(() => Promise.reject(original))).rejects.toBe(original);
  });

  it('runs the call exactly once', async () => {
    const run = vi.fn(async () => 1);
    await callIam(run);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
