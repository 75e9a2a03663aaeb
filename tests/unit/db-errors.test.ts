import { describe, expect, it } from 'vitest';
import { dialectOf, redactDatabaseUrl } from '@/lib/db/connect';
import { databaseUnavailable, isUniqueViolation } from '@/lib/db/errors';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseUnavailable', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['an unknown host', withCode('ENOTFOUND')],
    ['PostgreSQL shutting down (57P01)', withCode('57P01')],
    ['PostgreSQL starting up (57P03)', withCode('57P03')],
    ['too many connections (53300)', withCode('53300')],
    ['a connection failure (08006)', withCode('08006')],
    ['a statement timeout (57014)', withCode('57014')],
    ['SQLite busy', withCode('SQLITE_BUSY')],
    ['SQLite disk I/O', withCode('SQLITE_IOERR_WRITE')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['the connection terminated', new Error('Connection terminated unexpectedly')],
    ['both addresses refusing (Node 20)', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
    ['wrapped in a cause', new Error('query failed', { cause: withCode('ECONNREFUSED') })],
  ])('is true for %s', (_, error) => {
    expect(databaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['no such database', withCode('3D000')],
    ['a SQLite constraint', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(databaseUnavailable(error)).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  it('knows both drivers', () => {
    expect(isUniqueViolation(withCode('23505'))).toBe(true);
    expect(isUniqueViolation(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBe(true);
    expect(isUniqueViolation(withCode('23503'))).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key'))).toBe(false);
  });
});

describe('database URLs', () => {
  it('tells the dialect', () => {
    expect(dialectOf('file:.data/kagi.db')).toBe('sqlite');
    expect(dialectOf('postgres://u@h/db')).toBe('postgres');
    expect(dialectOf('postgresql://u@h/db')).toBe('postgres');
  });

  it('hides the password, and only the password', () => {
    expect(redactDatabaseUrl('postgres://kagi:s3cr%40t@db.example.com:5432/kagi?sslmode=verify-full')).toBe(
      'postgres://kagi:***@db.example.com:5432/kagi?sslmode=verify-full',
    );
    expect(redactDatabaseUrl('postgres://kagi@db.example.com/kagi')).toBe('postgres://kagi@db.example.com/kagi');
    expect(redactDatabaseUrl('file:/var/lib/kagi.db')).toBe('file:/var/lib/kagi.db');
    expect(redactDatabaseUrl('postgres://[broken')).toBe('postgres://…');
  });
});
