import 'server-only';
import { AppError, type ErrorCode } from '@/lib/app-error';

/** IAM error names (the SDK's `name`) and what they mean to Kagi. */
const byName: Record<string, ErrorCode> = {
  NoSuchEntity: 'not-found',
  NoSuchEntityException: 'not-found',
  LimitExceeded: 'access-key-quota',
  LimitExceededException: 'access-key-quota',
  PasswordPolicyViolation: 'password-policy',
  PasswordPolicyViolationException: 'password-policy',
  EntityTemporarilyUnmodifiable: 'iam-busy',
  EntityTemporarilyUnmodifiableException: 'iam-busy',
  ConcurrentModification: 'iam-busy',
  ConcurrentModificationException: 'iam-busy',
  Throttling: 'iam-throttled',
  ThrottlingException: 'iam-throttled',
  RequestLimitExceeded: 'iam-throttled',
  AccessDenied: 'iam-denied',
  AccessDeniedException: 'iam-denied',
  InvalidAuthenticationCode: 'invalid-code',
  InvalidAuthenticationCodeException: 'invalid-code',
  ValidationError: 'invalid-input',
  InvalidInput: 'invalid-input',
  InvalidInputException: 'invalid-input',
};

/** Seconds a person should wait before retrying after IAM throttled us. */
const THROTTLE_RETRY_AFTER_SECONDS = 5;

/**
 * Turns anything the AWS SDK throws into an AppError. IAM's own message is kept only as the
 * error's cause (for the server log), never shown to people: it is jargon and may name ARNs.
 */
export function toAppError(error: unknown, overrides: Partial<Record<ErrorCode, ErrorCode>> = {}): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : '';
  const mapped: ErrorCode = byName[name] ?? 'iam-unavailable';
  const code = overrides[mapped] ?? mapped;
  return new AppError(code, {
    cause: error,
    retryAfterSeconds: code === 'iam-throttled' ? THROTTLE_RETRY_AFTER_SECONDS : undefined,
  });
}

/** Runs one IAM call and maps its failure; `overrides` re-labels a code for this call. */
export async function callIam<T>(
  run: () => Promise<T>,
  overrides: Partial<Record<ErrorCode, ErrorCode>> = {},
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAppError(error, overrides);
  }
}
