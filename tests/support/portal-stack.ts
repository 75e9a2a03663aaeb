import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { encode, type JWT } from 'next-auth/jwt';
import { startStack } from '@/local/stack.mjs';
import { freePort } from './free-port.mjs';

/**
 * The whole portal (next start, from the last `next build`) with its local IAM endpoint and
 * identity provider, on free ports, for route-level integration tests. Sessions are forged
 * with the stack's known secret; everything else is the production code path.
 */

const SECRET = 'kagi-integration-only-session-secret-0123456789';

export interface PortalStack {
  origin: string;
  admin: IAMClient;
  /** The local IAM endpoint's handle: fault injection and request counts. */
  iam: Awaited<ReturnType<typeof startStack>>['iam'];
  /** The portal principal's own access key (to check what its policy allows). */
  portalKey: { accessKeyId: string; secretAccessKey: string };
  /** The session secret, for load generators that sign in many people. */
  secret: string;
  /** SIGKILL the portal, as a crash would, and start it again. */
  crashAndRestartPortal(): Promise<void>;
  logFile: string;
  dbFile: string;
  /** Cookie header for a signed-in person (default: taro, fresh sign-in). */
  cookieFor(iamUserName: string, changes?: Partial<JWT>): Promise<string>;
  /** fetch against the portal as a person; mutations get a same-origin Origin unless overridden. */
  call(iamUserName: string | null, pathname: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startPortalStack(): Promise<PortalStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-portal-test-'));
  const logFile = path.join(dir, 'portal.log');
  const dbFile = path.join(dir, 'kagi.db');
  const origin = `http://127.0.0.1:${await freePort()}`;
  const stack = await startStack({
    portalOrigin: origin,
    iamPort: 0,
    idpPort: 0,
    databaseUrl: `file:${dbFile}`,
    build: false,
    nextAuthSecret: SECRET,
    logFile,
  });
  const admin = new IAMClient({
    endpoint: stack.iam.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: stack.iam.adminAccessKeyId, secretAccessKey: stack.iam.adminSecretAccessKey },
  });

  const cookieFor = async (iamUserName: string, changes: Partial<JWT> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await encode({
      secret: SECRET,
      maxAge: 1800,
      token: {
        sub: iamUserName,
        name: `${iamUserName} (test)`,
        email: `${iamUserName}@example.com`,
        iamUserName,
        roles: ['user'],
        authTime: now - 10,
        signedInAt: now - 10,
        ...changes,
      },
    });
    return `next-auth.session-token=${token}`;
  };

  return {
    origin,
    admin,
    iam: stack.iam,
    portalKey: stack.portalKey,
    secret: SECRET,
    crashAndRestartPortal: () => stack.crashAndRestartPortal(),
    logFile,
    dbFile,
    cookieFor,
    async call(iamUserName, pathname, init = {}) {
      const headers = new Headers(init.headers);
      if (iamUserName && !headers.has('cookie')) headers.set('cookie', await cookieFor(iamUserName));
      const method = (init.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && !headers.has('origin')) headers.set('origin', origin);
      return fetch(`${origin}${pathname}`, { ...init, headers, redirect: 'manual' });
    },
    async stop() {
      admin.destroy();
      await stack.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
