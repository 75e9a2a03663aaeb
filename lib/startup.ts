import 'server-only';
import { auditStore } from '@/lib/audit';
import { recoverInterruptedEntries } from '@/lib/audit/recovery';
import { config, ConfigError } from '@/lib/config';

/**
 * Stops the server at start-up, with a message that says why, when the configuration is
 * wrong or the audit store cannot be opened and migrated: better than failing on some later
 * request, or making changes that no record would show.
 */
export async function checkStartup(): Promise<void> {
  try {
    config();
    await auditStore();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `Kagi cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  try {
    const { recovered, interrupted } = await recoverInterruptedEntries();
    if (recovered + interrupted > 0) {
      console.warn(`[kagi] audit: ${recovered} interrupted key creation(s) matched to IAM, ${interrupted} marked interrupted`);
    }
  } catch (error) {
    // IAM unreachable at start: the entries stay pending and are swept at the next start.
    console.warn(`[kagi] audit recovery skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
}
