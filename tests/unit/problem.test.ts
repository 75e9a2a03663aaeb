import { describe, expect, it } from 'vitest';
import { AppError, errorStatus, type ErrorCode } from '@/lib/app-error';
import { API_HEADERS, jsonResponse, problemResponse } from '@/lib/http/problem';

type Body = Record<string, unknown>;

describe('problemResponse', () => {
  it('answers with problem+json, no-store and the stable members', async () => {
    const response = problemResponse(new AppError('not-found'), 'req-1');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cache-control')).toMatch(/^no-store\b/);
    expect(response.headers.get('retry-after')).toBeNull();
    const body = (await response.json()) as Body;
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Not found.',
      status: 404,
      code: 'not-found',
      requestId: 'req-1',
    });
  });

  it('jsonResponse keeps small answers from being gzipped (no-transform) and lets large ones be', async () => {
    const small = jsonResponse({ keys: [] }, { status: 201 });
    expect(small.status).toBe(201);
    expect(small.headers.get('content-type')).toBe('application/json');
    expect(small.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(await small.json()).toEqual({ keys: [] });
    const large = jsonResponse({ entries: 'x'.repeat(2000) });
    expect(large.headers.get('cache-control')).toBe('no-store');
  });

  it('API_HEADERS forbids caching', () => {
    expect(API_HEADERS).toEqual({ 'Cache-Control': 'no-store' });
  });

  it.each(Object.entries(errorStatus) as [ErrorCode, number][])('%s → HTTP %i', async (code, status) => {
    const response = problemResponse(new AppError(code), 'rid');
    expect(response.status).toBe(status);
    const body = (await response.json()) as Body;
    expect(body.status).toBe(status);
    expect(body.code).toBe(code);
    expect(typeof body.title).toBe('string');
    expect((body.title as string).length).toBeGreaterThan(0);
    expect(body.requestId).toBe('rid');
    expect(body).not.toHaveProperty('detail');
  });

  it('includes detail and extra members', async () => {
    const error = new AppError('password-policy', {
      detail: 'Too short.',
      extra: { failedRules: ['length', 'symbols'], minimumLength: 14 },
    });
    const response = problemResponse(error, 'req-2');
    expect(response.status).toBe(400);
    const body = (await response.json()) as Body;
    expect(body).toEqual({
      type: 'about:blank',
      title: 'The password does not meet the password rules.',
      status: 400,
      code: 'password-policy',
      detail: 'Too short.',
      failedRules: ['length', 'symbols'],
      minimumLength: 14,
      requestId: 'req-2',
    });
  });

  it('keeps the caller requestId even if extra has a requestId member', async () => {
    const body = (await problemResponse(new AppError('internal', { extra: { requestId: 'spoof' } }), 'real').json()) as Body;
    expect(body.requestId).toBe('real');
  });

  it('sends Retry-After for iam-throttled', async () => {
    const response = problemResponse(new AppError('iam-throttled', { retryAfterSeconds: 5 }), 'req-3');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cache-control')).toMatch(/^no-store\b/);
    const body = (await response.json()) as Body;
    expect(body.code).toBe('iam-throttled');
  });

  it('sends Retry-After for rate-limited with its own value', () => {
    const response = problemResponse(new AppError('rate-limited', { retryAfterSeconds: 120 }), 'r');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('120');
  });

  it('omits Retry-After when there is no retry time', () => {
    expect(problemResponse(new AppError('iam-throttled'), 'r').headers.get('retry-after')).toBeNull();
    expect(problemResponse(new AppError('iam-busy'), 'r').headers.get('retry-after')).toBeNull();
  });

  it('does not leak the cause into the body', async () => {
    const error = new AppError('iam-denied', { cause: new Error('User: arn:aws:iam::123456789012:user/x is not authorized') });
    const text = await problemResponse(error, 'r').text();
    expect(text).not.toContain('arn:aws');
    expect(text).not.toContain('not authorized');
  });
});
