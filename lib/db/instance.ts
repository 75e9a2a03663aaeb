import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import { config } from '@/lib/config';
import type { KagiDatabase } from './schema';

/**
 * This portal process as the database knows it. Every audit entry carries the ID of the
 * instance that wrote it; the instance writes a heartbeat while it lives. When the heartbeat
 * stops, the entries it left pending can only be from a process that died mid-change, and
 * another instance resolves them (lib/audit/recovery.ts). A live instance's entries are
 * never touched, however long its IAM calls take.
 */
export const INSTANCE_ID: string = processInstanceId();

/**
 * Kept on globalThis: Next bundles instrumentation.ts apart from the routes, so this module
 * may be loaded twice in one process, and both copies must be the same instance.
 */
function processInstanceId(): string {
  const slot = globalThis as { [key: symbol]: string | undefined };
  const key = Symbol.for('kagi.instance-id');
  slot[key] ??= randomUUID();
  return slot[key];
}

/** Six heartbeats missed: far beyond a garbage-collection pause or a slow query. */
const MISSED_HEARTBEATS_FOR_DEAD = 6;

export function heartbeatMs(): number {
  return config().INSTANCE_HEARTBEAT_SECONDS * 1000;
}

/** Instances whose last heartbeat is older than this are taken for dead. */
export function deadBefore(now = Date.now()): string {
  return new Date(now - MISSED_HEARTBEATS_FOR_DEAD * heartbeatMs()).toISOString();
}

export async function registerInstance(db: Kysely<KagiDatabase>): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('portal_instances')
    .values({ id: INSTANCE_ID, host: os.hostname(), pid: process.pid, started_at: now, heartbeat_at: now })
    // Both bundled copies of this module register the one instance.
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function beatHeart(db: Kysely<KagiDatabase>): Promise<void> {
  await db.updateTable('portal_instances').set({ heartbeat_at: new Date().toISOString() }).where('id', '=', INSTANCE_ID).execute();
}

/**
 * Claims the dead instances nobody (alive) has taken over yet, atomically: of several
 * instances sweeping at once, exactly one wins each. A claim by an instance that died in
 * turn before finishing can be taken again. `everyOther` is for SQLite, which only one
 * process may serve: at start-up every other instance must be dead.
 */
export async function claimDeadInstances(db: Kysely<KagiDatabase>, { everyOther = false } = {}): Promise<void> {
  const cutoff = everyOther ? new Date().toISOString() : deadBefore();
  await db
    .updateTable('portal_instances')
    .set({ recovered_by: INSTANCE_ID })
    .where('id', '!=', INSTANCE_ID)
    .where('recovered_at', 'is', null)
    .where('heartbeat_at', '<', cutoff)
    .where((eb) =>
      eb.or([
        eb('recovered_by', 'is', null),
        eb(
          'recovered_by',
          'in',
          eb.selectFrom('portal_instances as claimer').select('claimer.id').where('claimer.heartbeat_at', '<', cutoff).where('claimer.id', '!=', INSTANCE_ID),
        ),
      ]),
    )
    .execute();
}

/** The dead instances this one has claimed and not finished recovering. */
export async function claimedInstances(db: Kysely<KagiDatabase>): Promise<string[]> {
  const rows = await db.selectFrom('portal_instances').select('id').where('recovered_by', '=', INSTANCE_ID).where('recovered_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

export async function markRecovered(db: Kysely<KagiDatabase>, id: string): Promise<void> {
  await db.updateTable('portal_instances').set({ recovered_at: new Date().toISOString() }).where('id', '=', id).where('recovered_by', '=', INSTANCE_ID).execute();
}

/** Instances recovered long ago say nothing any more; their entries keep the ID. */
export async function forgetOldInstances(db: Kysely<KagiDatabase>, olderThanDays = 30): Promise<void> {
  const cutoff = new Date(Date.now() - olderThanDays * 86_400_000).toISOString();
  await db.deleteFrom('portal_instances').where('recovered_at', '<', cutoff).execute();
}
