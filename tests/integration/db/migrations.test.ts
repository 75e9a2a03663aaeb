import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrate, openDatabaseUrl, type OpenedDatabase } from '@/lib/db/connect';
import { isUniqueViolation } from '@/lib/db/errors';
import { LEGACY_INSTANCE, migrationsFor } from '@/lib/db/schema';
import { testStore } from '@/tests/support/portal-stack';

/** The migrations on the store of this vitest project (SQLite, or PostgreSQL in `postgres`). */
const store = testStore();
const opened: OpenedDatabase[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kagi-migrations-'));

afterAll(async () => {
  for (const { db } of opened) await db.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function freshUrl(): Promise<string> {
  if (store === 'sqlite') return `file:${path.join(tmp, `${crypto.randomUUID()}.db`)}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  const name = `kagi_m_${crypto.randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

function open(url: string): OpenedDatabase {
  const db = openDatabaseUrl(url, { poolSize: 2 });
  opened.push(db);
  return db;
}

describe.runIf(store === 'postgres')('several instances starting at once', () => {
  it('four instances migrating one new database at once all start, and each migration runs once', async () => {
    const url = await freshUrl();
    const instances = [open(url), open(url), open(url), open(url)];
    await Promise.all(instances.map(({ db, dialect }) => migrate(db, dialect)));
    const { db } = instances[0]!;
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrationsFor('postgres')));
    expect(await db.selectFrom('portal_instances').select('id').execute()).toEqual([{ id: LEGACY_INSTANCE }]);
  });
});

describe(`upgrading a ${store} store from before instances were recorded`, () => {
  it('gives pending entries to a long-dead instance and keeps only the newest open guided session per person', async () => {
    const { db, dialect } = open(await freshUrl());
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationsFor(dialect) } });
    expect((await migrator.migrateTo('0002-help-desk')).error).toBeUndefined();

    // Raw SQL: the typed schema already has the columns 0003 adds.
    await sql`insert into audit_entries (at, request_id, actor, actor_name, subject, action, outcome) values
      ('2026-01-01T00:00:00.000Z', 'r', 'taro', 'Taro', 'taro', 'access-key.create', 'pending'),
      ('2026-01-01T00:00:00.000Z', 'r', 'taro', 'Taro', 'taro', 'access-key.create', 'ok')`.execute(db);
    const session = (id: string, createdAt: string) =>
      sql`insert into guided_sessions (id, case_id, agent, agent_name, subject, ticket, steps, status, created_at, expires_at) values (${id}, 'c', 'sato', 'Sato', 'taro', 'INC-1', '[]', 'open', ${createdAt}, '2099-01-01T00:00:00.000Z')`.execute(db);
    await session('older', '2026-01-01T00:00:00.000Z');
    await session('newer', '2026-01-02T00:00:00.000Z');

    await migrate(db, dialect);

    const entries = await db.selectFrom('audit_entries').select(['outcome', 'instance_id']).orderBy('id').execute();
    expect(entries).toEqual([
      { outcome: 'pending', instance_id: LEGACY_INSTANCE },
      { outcome: 'ok', instance_id: null },
    ]);
    const legacy = await db.selectFrom('portal_instances').selectAll().executeTakeFirstOrThrow();
    expect(legacy).toMatchObject({ id: LEGACY_INSTANCE, heartbeat_at: new Date(0).toISOString(), recovered_by: null });
    const sessions = await db.selectFrom('guided_sessions').select(['id', 'status']).orderBy('id').execute();
    expect(sessions).toEqual([
      { id: 'newer', status: 'open' },
      { id: 'older', status: 'cancelled' },
    ]);

    // From now on the database itself refuses a second open session for the person.
    const refused = await session('third', '2026-01-03T00:00:00.000Z').then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(refused)).toBe(true);
  });
});
