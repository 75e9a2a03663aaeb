/**
 * Database errors sorted by what they mean to a request, for both drivers. Kept free of
 * driver imports: errors are recognised by their codes and messages.
 */

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

// PostgreSQL SQLSTATEs: connection exceptions (08…), operator intervention (57P…: shutting
// down, cannot connect now), too many connections, and a statement cancelled by its timeout.
const POSTGRES_UNAVAILABLE = /^(08...|57P0[1-4]|53300|57014)$/;

const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL)/;

const PG_CLIENT_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /^Client has encountered a connection error/, /Connection terminated unexpectedly/];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the database is down, unreachable or overloaded: the request may succeed later. */
export function databaseUnavailable(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(databaseUnavailable);
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  if (code && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code) || SQLITE_UNAVAILABLE.test(code))) return true;
  if (PG_CLIENT_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  return error.cause !== undefined && error.cause !== error && databaseUnavailable(error.cause);
}

/** A unique index refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
