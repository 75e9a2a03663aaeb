import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPostgres } from '../support/postgres.mjs';

let server: Awaited<ReturnType<typeof startPostgres>>;

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  await server?.stop();
});

async function selectOne(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query('select 1 as one, current_database() as db')).rows[0];
  } finally {
    await client.end();
  }
}

it('creates distinct databases that answer queries', async () => {
  const a = await server.createDatabase();
  const b = await server.createDatabase();
  expect(a).not.toBe(b);
  for (const url of [a, b]) {
    expect(await selectOne(url)).toEqual({ one: 1, db: new URL(url).pathname.slice(1) });
  }
});

it('creates databases concurrently', async () => {
  const urls = await Promise.all([server.createDatabase(), server.createDatabase()]);
  expect(new Set(urls).size).toBe(2);
  await Promise.all(urls.map(async (url) => expect((await selectOne(url)).one).toBe(1)));
});

it('goes away on pause and comes back on resume', async () => {
  const url = await server.createDatabase();
  await server.pause();
  await expect(selectOne(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  await server.resume();
  expect((await selectOne(url)).one).toBe(1);
});

it('removes its data directory on stop, and stop is idempotent', async () => {
  expect(fs.existsSync(server.dataDir)).toBe(true);
  await server.stop();
  await server.stop();
  expect(fs.existsSync(server.dataDir)).toBe(false);
  await expect(selectOne(server.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
});
