import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { errorCodeOf, isTransientError } from './api-error';
import { redirectToSignIn } from './session-expiry';

function onAnyError(error: unknown): void {
  if (errorCodeOf(error) === 'unauthenticated') redirectToSignIn();
}

/**
 * One client per browser tab (made in QueryProvider). In memory only: nothing is persisted,
 * and the create-key mutation keeps its secret out of every cache (see useCreateAccessKey).
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onAnyError }),
    mutationCache: new MutationCache({ onError: onAnyError }),
    defaultOptions: {
      queries: {
        // Server-rendered data is fresh on arrival; refetch after a while or after a change.
        staleTime: 30_000,
        retry: (failureCount, error) => isTransientError(error) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
