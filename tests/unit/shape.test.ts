import { describe, expect, it } from 'vitest';
import { array, boolean, extend, integer, isoDateTime, literal, matches, nullable, number, object, oneOf, optional, string } from '@/lib/shape';

/** The shapes the browser checks Kagi's answers against (lib/shape.ts). */
describe('answer shapes', () => {
  const key = object({
    accessKeyId: string(),
    status: oneOf(['Active', 'Inactive']),
    createDate: isoDateTime(),
    ageDays: integer({ min: 0 }),
    lastUsed: nullable(object({ date: isoDateTime(), region: string() })),
    note: optional(string()),
  });
  const good = { accessKeyId: 'AKIA1', status: 'Active', createDate: '2026-12-01T09:00:00.000Z', ageDays: 0, lastUsed: null };

  it('accepts an answer of the shape, with optional fields missing and extra fields present', () => {
    expect(matches(key, good)).toBe(true);
    expect(matches(key, { ...good, note: 'x', added: 'later' })).toBe(true);
    expect(matches(key, { ...good, lastUsed: { date: '2026-12-01T09:00:00Z', region: 'us-east-1' } })).toBe(true);
  });

  it('refuses anything else', () => {
    const bad: unknown[] = [
      null,
      [],
      'text',
      { ...good, accessKeyId: 1 },
      { ...good, status: 'active' },
      { ...good, createDate: '2026-12-01' },
      { ...good, createDate: '2026-12-01T09:00:00+09:00' },
      { ...good, ageDays: -1 },
      { ...good, ageDays: 1.5 },
      { ...good, lastUsed: undefined },
      { ...good, lastUsed: { date: '2026-12-01T09:00:00Z' } },
      { ...good, note: null },
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the answer without its status
      (({ status, ...rest }) => rest)(good),
    ];
    for (const value of bad) expect(matches(key, value), JSON.stringify(value)).toBe(false);
  });

  it('checks arrays item by item, patterns, literals, numbers and booleans', () => {
    expect(matches(array(integer()), [1, 2, 3])).toBe(true);
    expect(matches(array(integer()), [1, '2'])).toBe(false);
    expect(matches(string(/^\d{6}$/), '012345')).toBe(true);
    expect(matches(string(/^\d{6}$/), '01234')).toBe(false);
    expect(matches(literal(true), true)).toBe(true);
    expect(matches(literal(true), false)).toBe(false);
    expect(matches(number(), Number.NaN)).toBe(false);
    expect(matches(boolean(), 'true')).toBe(false);
  });

  it('extends an object with more fields', () => {
    const withCreated = extend(object({ id: string() }), { createdAt: isoDateTime() });
    expect(matches(withCreated, { id: 'a', createdAt: '2026-12-01T00:00:00.000Z' })).toBe(true);
    expect(matches(withCreated, { id: 'a' })).toBe(false);
  });
});
