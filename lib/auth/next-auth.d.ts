import type { Role } from './rules';

// What Kagi keeps in next-auth's encrypted session token, and what it shows the browser.
declare module 'next-auth' {
  interface Session {
    user: {
      /** The sign-in name at the identity provider. */
      userName: string;
      name: string;
      email: string | null;
      /** The IAM user linked to this person in Kagi's own account, or null when none is. */
      iamUserName: string | null;
      /** With several accounts (KAGI_ACCOUNTS_FILE): the person's user in each, in the file's order. */
      accounts: Array<{ id: string; iamUserName: string }>;
      roles: Role[];
    };
    /** Last real sign-in at the identity provider (seconds), for freshness checks. */
    authTime: number | null;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    userName?: string;
    name?: string | null;
    email?: string | null;
    iamUserName?: string | null;
    /** With several accounts: the person's user in each account where they have one, Kagi's own included. */
    accounts?: Array<{ id: string; iamUserName: string }>;
    roles?: Role[];
    /** Last real sign-in at the identity provider (seconds). */
    authTime?: number | null;
    /** When this Kagi session began (seconds). */
    signedInAt?: number;
    /** This session's random ID, given at sign-in: what sign-out revokes. */
    sid?: string;
    /** Kept only to end the identity provider's session at sign-out; never sent to the browser. */
    idToken?: string;
    /** The identity provider's refresh token, to re-check the person's groups; never sent to the browser. */
    refreshToken?: string;
  }
}
