import 'server-only';
import { config } from '@/lib/config';

/** What Kagi reads from the identity provider's discovery document (next-auth reads the rest itself). */
export interface ProviderEndpoints {
  token_endpoint?: string;
  end_session_endpoint?: string;
}

let discovered: Promise<ProviderEndpoints | null> | undefined;

/**
 * The provider's discovery document, fetched once per process (a cache: it changes only when
 * the provider is reconfigured). A failure is not kept, so the next call asks again.
 */
export function providerEndpoints(): Promise<ProviderEndpoints | null> {
  discovered ??= fetch(`${config().OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3_000) })
    .then((res) => (res.ok ? (res.json() as Promise<ProviderEndpoints>) : null))
    .catch(() => null)
    .then((endpoints) => {
      if (!endpoints) discovered = undefined;
      return endpoints;
    });
  return discovered;
}
