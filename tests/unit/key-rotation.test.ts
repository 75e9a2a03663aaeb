import { describe, expect, it } from 'vitest';
import { accessKeyCsv, accessKeyCsvFileName } from '@/lib/credentials/key-file';
import { ageInDays, rotationState } from '@/lib/credentials/key-rotation';

describe('ageInDays', () => {
  it('counts whole elapsed days', () => {
    const created = new Date('2026-03-01T12:00:00Z');
    expect(ageInDays(created, new Date('2026-03-01T12:00:00Z'))).toBe(0);
    expect(ageInDays(created, new Date('2026-03-02T11:59:59Z'))).toBe(0);
    expect(ageInDays(created, new Date('2026-03-02T12:00:00Z'))).toBe(1);
    expect(ageInDays(created, new Date('2026-05-30T12:00:00Z'))).toBe(90);
  });

  it('gives the same answer whatever the time zone the instants were written in', () => {
    const created = new Date('2026-03-01T23:30:00+09:00'); // Tokyo
    const now = new Date('2026-03-02T15:30:00-08:00'); // Los Angeles, 24 h later
    expect(ageInDays(created, now)).toBe(1);
    expect(ageInDays(new Date('2026-03-29T00:30:00+01:00'), new Date('2026-03-30T00:30:00+02:00'))).toBe(0); // DST: 23 h
  });

  it('never goes negative when the clock is slightly behind IAM', () => {
    expect(ageInDays(new Date('2026-03-01T12:00:05Z'), new Date('2026-03-01T12:00:00Z'))).toBe(0);
  });
});

describe('rotationState', () => {
  it.each([
    [0, 90, 'ok'],
    [75, 90, 'ok'],
    [76, 90, 'due'],
    [89, 90, 'due'],
    [90, 90, 'overdue'],
    [400, 90, 'overdue'],
    [0, 1, 'ok'],
    [1, 1, 'overdue'],
    [5, 10, 'due'],
  ] as const)('%i days old with rotation every %i days: %s', (age, days, state) => {
    expect(rotationState(age, days)).toBe(state);
  });
});

describe('the .csv key file', () => {
  it('has the AWS console’s header and one row', () => {
    const csv = accessKeyCsv({ accessKeyId: 'AKIAABCDEFGHIJKLMNOP', secretAccessKey: 'abc/def+ghi' });
    expect(csv).toBe('Access key ID,Secret access key\r\nAKIAABCDEFGHIJKLMNOP,abc/def+ghi\r\n');
    expect(accessKeyCsvFileName('AKIAABCDEFGHIJKLMNOP')).toBe('AKIAABCDEFGHIJKLMNOP_accessKeys.csv');
  });
});
