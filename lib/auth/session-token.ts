import 'server-only';
import { hkdfSync, randomUUID } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { JWT, JWTDecodeParams, JWTEncodeParams } from 'next-auth/jwt';

/**
 * next-auth's session token format (JWE, dir + A256GCM, key derived from the secret with
 * HKDF), byte-compatible with next-auth/jwt's encode and decode, but the key is derived once
 * per secret instead of on every request: the derivation was most of what reading a session
 * cost (measured with `npm run bench:api`). next-auth uses these through authOptions.jwt.
 */
const keys = new Map<string, Uint8Array>();

function encryptionKey(secret: string | Buffer, salt = ''): Uint8Array {
  const id = `${salt}\0${secret.toString()}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ''}`;
    key = new Uint8Array(hkdfSync('sha256', secret, salt, info, 32));
    keys.set(id, key);
  }
  return key;
}

const DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 60 * 60; // next-auth's own default

export async function encodeSessionToken({ token = {}, secret, maxAge = DEFAULT_MAX_AGE_SECONDS, salt }: JWTEncodeParams): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(now + maxAge)
    .setJti(randomUUID())
    .encrypt(encryptionKey(secret, salt));
}

/** The token's claims, or null when there is none; throws when it is invalid or expired. */
export async function decodeSessionToken({ token, secret, salt }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, encryptionKey(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}
