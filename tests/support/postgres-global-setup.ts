import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.mjs';

/**
 * vitest globalSetup: one PostgreSQL server for the whole run (a server per file would cost
 * ~0.6 s each). Tests read its admin URL with `inject('postgresUrl')` and make their own
 * database from it, so files never share data.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL (database `postgres`) of the run's server. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
  };
}
