import 'server-only';
import { config, ConfigError } from '@/lib/config';

/**
 * Parsing the configuration at start makes a wrong or missing setting stop the server with
 * a message naming it, instead of failing on some later request.
 */
export function checkStartup(): void {
  try {
    config();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
