import 'server-only';
import { IAMClient } from '@aws-sdk/client-iam';
import { config } from '@/lib/config';

/**
 * Two clients, because retrying is only safe for reads: a retried CreateAccessKey whose first
 * attempt reached IAM would create a second key. Mutations are tried once; their callers
 * decide what is safe to do next.
 * Credentials come from the default chain (environment, web identity, instance role...).
 */
let readClient: IAMClient | undefined;
let writeClient: IAMClient | undefined;

function makeClient(maxAttempts: number): IAMClient {
  const { AWS_REGION, AWS_ENDPOINT_URL_IAM } = config();
  return new IAMClient({
    region: AWS_REGION,
    endpoint: AWS_ENDPOINT_URL_IAM,
    maxAttempts,
    // IAM answers in well under a second; a hung connection should become a clear error.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
}

export function iamForReads(): IAMClient {
  readClient ??= makeClient(3);
  return readClient;
}

export function iamForWrites(): IAMClient {
  writeClient ??= makeClient(1);
  return writeClient;
}
