/**
 * The one error type that crosses layers. Its code is stable: the HTTP contract, the UI
 * messages (messages/*.json, "errors.<code>") and the audit log all key on it.
 */
export const errorStatus = {
  unauthenticated: 401,
  'reauth-required': 401,
  forbidden: 403,
  'no-iam-user': 403,
  'account-not-found': 404,
  'cross-origin': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'invalid-input': 400,
  'body-too-large': 413,
  'request-timeout': 408,
  'password-policy': 400,
  'password-reused': 400,
  'access-key-quota': 409,
  'access-key-active': 409,
  'no-console-password': 404,
  'console-password-exists': 409,
  'no-sign-in-link': 409,
  'invalid-code': 400,
  'mfa-device-quota': 409,
  'mfa-resync-not-possible': 409,
  'iam-busy': 409,
  'rate-limited': 429,
  'verification-failed': 400,
  'verification-unavailable': 409,
  'case-expired': 409,
  'case-awaiting-approval': 409,
  'approval-not-allowed': 409,
  'guided-session-closed': 409,
  'iam-throttled': 503,
  'iam-unavailable': 502,
  unconfirmed: 502,
  'iam-denied': 502,
  'role-throttled': 503,
  'role-denied': 502,
  'database-unavailable': 503,
  'not-ready': 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Plain-English titles for problem+json; the UI shows translated text keyed on the code. */
const titles: Record<ErrorCode, string> = {
  unauthenticated: 'Please sign in.',
  'reauth-required': 'Please sign in again to confirm it is you.',
  forbidden: 'You are not allowed to do this.',
  'no-iam-user': 'No AWS user is linked to your sign-in. Contact the help desk.',
  'account-not-found': 'Kagi does not serve this AWS account for you.',
  'cross-origin': 'This request did not come from Kagi.',
  'not-found': 'Not found.',
  'method-not-allowed': 'This address does not accept that kind of request.',
  'invalid-input': 'Some of the information sent is not valid.',
  'body-too-large': 'What was sent is too large for Kagi to accept.',
  'request-timeout': 'What was sent did not arrive in time. Please try again.',
  'password-policy': 'The password does not meet the password rules.',
  'password-reused': 'You used this password recently; choose one you have not used before.',
  'access-key-quota': 'You already have the maximum of two access keys.',
  'access-key-active': 'Deactivate this access key before deleting it.',
  'no-console-password': 'Console sign-in is not enabled for this account.',
  'console-password-exists': 'Console sign-in is already turned on for this account.',
  'no-sign-in-link': 'No company sign-in is linked to this AWS user, so there is nothing to release.',
  'invalid-code': 'Those codes were not accepted. Enter two codes in a row, as the app shows them.',
  'mfa-device-quota': 'You already have the maximum of eight MFA devices. Remove one first.',
  'mfa-resync-not-possible': 'Only an authenticator app or a code-showing token can be resynchronised.',
  'iam-busy': 'AWS is still applying a recent change. Try again in a few seconds.',
  'rate-limited': 'Too many attempts. Wait a while and try again.',
  'verification-failed': 'That help-desk code is not right.',
  'verification-unavailable': 'There is no valid help-desk code. Ask the person to show a new one.',
  'case-expired': 'This help-desk case has expired. Verify the person again.',
  'case-awaiting-approval': 'This case was opened without the person’s help-desk code, so a second member of the help desk must approve it first.',
  'approval-not-allowed': 'You cannot approve this case: you opened it yourself, or it no longer needs approval.',
  'guided-session-closed': 'This guided session has ended or was cancelled.',
  'iam-throttled': 'AWS is busy right now. Try again in a few seconds.',
  'iam-unavailable': 'AWS could not be reached. Try again later.',
  unconfirmed: 'AWS did not answer, so Kagi cannot tell whether the change was made.',
  'iam-denied': 'Kagi is not permitted to do this in AWS. Contact your administrator.',
  'role-throttled': 'AWS is busy issuing Kagi’s credentials for you, so nothing was changed. Try again in a few seconds.',
  'role-denied': 'AWS refused Kagi its role for you, so nothing was changed. Contact your administrator.',
  'database-unavailable': 'Kagi cannot reach its records right now, so it changed nothing. Try again in a moment.',
  'not-ready': 'Kagi cannot serve requests right now: its database or AWS IAM does not answer, or it is stopping.',
  internal: 'Something went wrong.',
};

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    options: {
      detail?: string;
      /** Extra problem+json members, e.g. the failed password rules. Never secrets. */
      extra?: Record<string, unknown>;
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(options.detail ?? titles[code], { cause: options.cause });
    this.name = 'AppError';
    this.status = errorStatus[code];
    this.detail = options.detail;
    this.extra = options.extra;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  readonly detail: string | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  get title(): string {
    return titles[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
