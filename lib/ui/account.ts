/**
 * Which AWS account the browser's requests are about: the one the page shows. Every fetcher
 * under /api/me that is about credentials (keys, password, MFA, activity) sends it as
 * `?account=`, and its react-query key holds it, so two accounts' answers never share a cache
 * entry. What is about the person rather than an account (a recent sign-in, the help-desk code,
 * a guided reset, notification settings) sends none: the server answers those in Kagi's own
 * account, as before accounts existed.
 */

/** A 12-digit account ID, or null: the person's first (or only) account, as the server chooses. */
export type AccountId = string | null;

/** `path` with `account=` added (nothing when the account is null). */
export function withAccount(path: `/${string}`, account: AccountId): `/${string}` {
  if (!account) return path;
  return `${path}${path.includes('?') ? '&' : '?'}account=${encodeURIComponent(account)}`;
}

/** The account's part of a query key. */
export function accountKey(account: AccountId): string {
  return account ?? 'first';
}

/** A 12-digit ID the way the AWS console shows it: 1234-5678-9012. */
export function formatAccountId(id: string): string {
  return /^\d{12}$/.test(id) ? `${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8)}` : id;
}
