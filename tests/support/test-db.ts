// A fresh, migrated database for one test: in-memory PGlite by default; with DATABASE_URL set (the CI's PostgreSQL
// pass), a new database created on that server and dropped afterwards. Starting PGlite costs about a second, so a
// closed in-memory database is emptied (every table truncated, the session reset) and handed to the next test of the
// same file instead of being thrown away; a new one starts from a dump of the run's seeded home (seeded-home.ts).
import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { BarStore } from '../../src/engine/data/bar-store.ts';
import { seedEmbeddedData } from '../../src/engine/data/embedded-seed.ts';
import { openDb, type DbHandle } from '../../src/engine/db/database.ts';
import { SettingsStore } from '../../src/engine/settings-store.ts';
import { seededDatabaseDump } from './seeded-home.ts';

export interface TestDb extends DbHandle {
  /** A PostgreSQL URL of this test database (postgres pass only), for a second process or a restart test. */
  url?: string;
}

export const usingPostgres = (): boolean => !!process.env.DATABASE_URL;

const spare: DbHandle[] = [];

/** Empties a used in-memory database: no rows, sequences from 1, no session state (advisory locks, settings). */
async function emptied(handle: DbHandle): Promise<DbHandle> {
  const tables = await handle.db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public'`);
  const rows = (tables as unknown as { rows: { tablename: string }[] }).rows;
  const names = rows.map((r) => `"${r.tablename}"`).join(', ');
  if (names) await handle.db.execute(sql.raw(`truncate ${names} restart identity cascade`));
  await handle.db.execute(sql`discard all`);
  return handle;
}

/**
 * What the app's first-start seeding writes (the vega-datasets bars and the seed flag), as PostgreSQL COPY data: it is
 * written by seedEmbeddedData once per process and copied into each seeded test database, which takes a few
 * milliseconds where parsing the CSVs and upserting 5105 + 600 bars again takes about half a second.
 */
let seedCopy: Promise<{ bars: Blob; settings: Blob }> | undefined;

const clientOf = (handle: DbHandle) => (handle.db as unknown as { $client: PGlite }).$client;

async function seed(handle: DbHandle): Promise<void> {
  const client = clientOf(handle);
  if (!seedCopy) {
    seedCopy = (async () => {
      await seedEmbeddedData(new BarStore(handle.db), new SettingsStore(handle.db));
      const bars = (await client.query(`copy bars to '/dev/blob' with (format binary)`)).blob!;
      const settings = (await client.query(`copy settings to '/dev/blob' with (format binary)`)).blob!;
      return { bars, settings };
    })();
    await seedCopy;
    return;
  }
  const copy = await seedCopy;
  await client.query(`copy bars from '/dev/blob' with (format binary)`, [], { blob: copy.bars });
  await client.query(`copy settings from '/dev/blob' with (format binary)`, [], { blob: copy.settings });
}

/**
 * A new in-memory database of its own, migrated and empty, that closes for real: started from the run's seeded template
 * (its rows then removed) where there is one, which takes a fraction of PGlite's initdb and the migrations.
 */
export async function openFreshMemoryDb(): Promise<DbHandle> {
  const loadDataDir = await seededDatabaseDump();
  if (!loadDataDir) return openDb({ memory: true });
  return emptied(await openDb({ memory: true, loadDataDir }));
}

async function openMemoryDb(seeded: boolean): Promise<TestDb> {
  const reused = spare.pop();
  const handle = reused ? await emptied(reused) : await openFreshMemoryDb();
  if (seeded) await seed(handle);
  let closed = false;
  return {
    ...handle,
    async close() {
      if (closed) return;
      closed = true;
      spare.push(handle);
    },
  };
}

/**
 * `seeded`: the database already holds what the app's first start seeds (the embedded bars and the seed flag), so the
 * app built on it skips that step (createTestApp). On PostgreSQL it is left to the app, as before.
 */
export async function openTestDb(opts: { seeded?: boolean } = {}): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openMemoryDb(opts.seeded === true);
  const name = `mlt_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const handle = await openDb({ databaseUrl: url });
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await dropper.end();
    },
  };
}

/**
 * A database for a child process (CLI tests): with DATABASE_URL set, a fresh database on that server (its URL to
 * pass as DATABASE_URL), dropped by `drop`; otherwise no URL, and the child uses PGlite in its MLTRAINER_HOME.
 */
export async function createScratchDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { drop: async () => undefined };
  const name = `mlt_cli_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await dropper.end();
    },
  };
}
