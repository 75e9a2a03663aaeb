import 'server-only';
import { sql } from 'kysely';
import { servedAccounts, servesSeveralAccounts } from '@/lib/accounts';
import { database } from '@/lib/db';
import { databaseUnavailable } from '@/lib/db/errors';
import { sharedIamProbe, type IamProbe } from '@/lib/iam/probe';
import { notificationsEnabled } from '@/lib/notifications/outbox';
import { isStopping } from '@/lib/shutdown';

export interface Readiness {
  ready: boolean;
  checks: {
    /** 'stopping' from SIGTERM on, so that load balancers send nothing new. */
    server: 'ok' | 'stopping';
    database: 'ok' | 'unreachable' | 'failing';
    iam: IamProbe;
  };
  /** 'off' without SMTP_URL: said, not failed on (an instance without mail still serves). */
  notifications: 'on' | 'off';
  /**
   * With several accounts: IAM in each, through its role. Said, not failed on, beyond Kagi's
   * own (checks.iam): one account's broken role must not take every instance out of service.
   */
  accounts?: Array<{ id: string; name: string; iam: IamProbe }>;
}

/** A check that has not answered by then counts as unreachable: probes time out at a few seconds. */
const CHECK_TIMEOUT_MS = 2_500;

function withTimeout<T>(check: Promise<T>, onTimeout: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout), CHECK_TIMEOUT_MS);
  });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

async function checkDatabase(): Promise<Readiness['checks']['database']> {
  try {
    await sql`select 1`.execute(await database());
    return 'ok';
  } catch (error) {
    return databaseUnavailable(error) ? 'unreachable' : 'failing';
  }
}

let inFlight: Promise<Readiness> | undefined;

/**
 * Whether this instance can serve: its database and IAM both answer, and it is not shutting
 * down. Probes arriving together share one check; the IAM part of it is also cached for
 * READINESS_IAM_CACHE_SECONDS (lib/iam/probe.ts), so several load balancers probing often
 * cost IAM at most one call per that many seconds per instance. The database is asked each time.
 */
export function checkReadiness(): Promise<Readiness> {
  inFlight ??= (async () => {
    const [own, ...others] = servedAccounts();
    const [databaseCheck, iamCheck, ...otherChecks] = await Promise.all([
      withTimeout(checkDatabase(), 'unreachable' as const),
      // Cached for a few seconds and shared (sharedIamProbe): a probe seldom reaches IAM.
      withTimeout(sharedIamProbe(own), 'unreachable' as const),
      ...others.map((account) => withTimeout(sharedIamProbe(account), 'unreachable' as const)),
    ]);
    const checks: Readiness['checks'] = { server: isStopping() ? 'stopping' : 'ok', database: databaseCheck, iam: iamCheck };
    const accounts = servesSeveralAccounts()
      ? servedAccounts().map((account, index) => ({ id: account.id!, name: account.name!, iam: index === 0 ? iamCheck : otherChecks[index - 1]! }))
      : undefined;
    return {
      ready: Object.values(checks).every((value) => value === 'ok'),
      checks,
      notifications: notificationsEnabled() ? 'on' : 'off',
      ...(accounts ? { accounts } : {}),
    } satisfies Readiness;
  })().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}
