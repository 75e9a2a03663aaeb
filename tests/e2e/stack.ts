import { IAMClient } from '@aws-sdk/client-iam';

const offset = Number(process.env.KAGI_E2E_PORT_OFFSET ?? 0);

/** The e2e stack started by `node local/demo.mjs --e2e` (ports match local/demo.mjs). */
export const E2E_STACK = {
  portalOrigin: `http://127.0.0.1:${3100 + offset}`,
  iamUrl: `http://127.0.0.1:${4610 + offset}`,
  idpUrl: `http://127.0.0.1:${4620 + offset}`,
  // The local mail stand-in's mailbox page and JSON (local/mail; SMTP on 4625 + offset).
  mailUrl: `http://127.0.0.1:${4630 + offset}`,
  // The local IAM endpoint's documented bootstrap admin key (local use only).
  adminAccessKeyId: 'AKIAKAGILOCALADMIN00',
  adminSecretAccessKey: 'kagiLocalAdminSecretForDevelopmentOnly00',
  // local/demo.mjs --e2e signs sessions with this, so tests can forge edge cases.
  nextAuthSecret: 'kagi-e2e-only-session-secret-not-for-real-use',
} as const;

/**
 * The second stack, `node local/demo.mjs --e2e-idle`: the same portal with SESSION_IDLE_MINUTES=1,
 * for tests/e2e/idle (the Playwright project "idle", which runs beside the others).
 */
export const E2E_IDLE_STACK = {
  portalOrigin: `http://127.0.0.1:${3101 + offset}`,
  idpUrl: `http://127.0.0.1:${4621 + offset}`,
  idleMinutes: 1,
} as const;

/**
 * The third stack, `node local/demo.mjs --e2e-accounts`: two accounts, Production
 * (123456789012, admin key …00) and Sandbox (210987654321, admin key …01), in role mode, for
 * tests/e2e/accounts (the Playwright project "accounts").
 */
export const E2E_ACCOUNTS_STACK = {
  portalOrigin: `http://127.0.0.1:${3102 + offset}`,
  iamUrl: `http://127.0.0.1:${4612 + offset}`,
  idpUrl: `http://127.0.0.1:${4622 + offset}`,
  production: { id: '123456789012', name: 'Production', adminAccessKeyId: 'AKIAKAGILOCALADMIN00', adminSecretAccessKey: 'kagiLocalAdminSecretForDevelopmentOnly00' },
  sandbox: { id: '210987654321', name: 'Sandbox', adminAccessKeyId: 'AKIAKAGILOCALADMIN01', adminSecretAccessKey: 'kagiLocalAdminSecretForDevelopmentOnly01' },
} as const;

/** An admin IAM client of one account on the accounts stack. */
export function accountsStackIam(account: { adminAccessKeyId: string; adminSecretAccessKey: string }): IAMClient {
  return new IAMClient({
    endpoint: E2E_ACCOUNTS_STACK.iamUrl,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: account.adminAccessKeyId, secretAccessKey: account.adminSecretAccessKey },
  });
}

/** An admin IAM client for checking, behind the UI, what really changed in IAM. */
export function adminIam(): IAMClient {
  return new IAMClient({
    endpoint: E2E_STACK.iamUrl,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: E2E_STACK.adminAccessKeyId, secretAccessKey: E2E_STACK.adminSecretAccessKey },
  });
}

/** Makes the local IAM endpoint fail the next `count` calls of `action` (its test control; see local/iam). */
export async function injectIamFault(spec: { action: string; count: number; fault: string }): Promise<void> {
  const res = await fetch(`${E2E_STACK.iamUrl}/_local/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-local-iam-admin-secret': E2E_STACK.adminSecretAccessKey },
    body: JSON.stringify(spec),
  });
  if (!res.ok) throw new Error(`injecting a fault answered ${res.status}: ${await res.text()}`);
}

/** Drops every injected fault not used yet, so none is left for the next test. */
export async function clearIamFaults(): Promise<void> {
  const res = await fetch(`${E2E_STACK.iamUrl}/_local/faults`, { method: 'DELETE', headers: { 'x-local-iam-admin-secret': E2E_STACK.adminSecretAccessKey } });
  if (!res.ok) throw new Error(`clearing faults answered ${res.status}: ${await res.text()}`);
}

/** What the local mail stand-in keeps of one message. */
export interface MailboxMessage {
  id: number;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Every message the e2e stack's mail stand-in has received, oldest first. */
export async function mailbox(): Promise<MailboxMessage[]> {
  const res = await fetch(`${E2E_STACK.mailUrl}/api/messages`);
  if (!res.ok) throw new Error(`the mail stand-in answered ${res.status}`);
  return (await res.json()) as MailboxMessage[];
}
