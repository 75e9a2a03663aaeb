import 'server-only';
import { IAMClient } from '@aws-sdk/client-iam';
import { config } from '@/lib/config';

/**
 * Two clients, because retrying is not always safe: a retried CreateAccessKey whose first
 * attempt reached IAM would create a second key, and a retried password change would trip
 * IAM's reuse rule. Reads and idempotent changes (a key's status; deleting a key, see
 * deleteAccessKey) retry with backoff; other changes are tried once and their callers decide
 * what is safe to do next.
 * Credentials come from the default chain (environment, web identity, instance role...).
 */
let readClient: IAMClient | undefined;
let writeClient: IAMClient | undefined;
let probeClient: IAMClient | undefined;

function makeClient(maxAttempts: number, timeouts = { connectionTimeout: 3_000, requestTimeout: 10_000 }): IAMClient {
  const { AWS_REGION, AWS_ENDPOINT_URL_IAM } = config();
  return new IAMClient({
    region: AWS_REGION,
    endpoint: AWS_ENDPOINT_URL_IAM,
    maxAttempts,
    // IAM answers in well under a second; a hung connection should become a clear error.
    requestHandler: timeouts,
  });
}

export function iamForReads(): IAMClient {
  readClient ??= makeClient(3);
  return readClient;
}

/** For changes that end in the same state however often they are sent. */
export function iamForIdempotentWrites(): IAMClient {
  return iamForReads();
}

export function iamForWrites(): IAMClient {
  writeClient ??= makeClient(1);
  return writeClient;
}

/**
 * For the readiness check: one attempt, and quick to give up, because a probe that waits out
 * retries answers after the load balancer has stopped listening.
 */
export function iamForProbes(): IAMClient {
  probeClient ??= makeClient(1, { connectionTimeout: 1_000, requestTimeout: 2_000 });
  return probeClient;
}
