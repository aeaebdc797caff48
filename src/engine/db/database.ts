// The one database handle: embedded PGlite under $MLTRAINER_HOME/db by default, postgres.js when DATABASE_URL is set.
// Migrations from drizzle/ are applied on open, all pending ones in one transaction.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { UserError } from '../user-error.ts';
import { lockHome } from './home-lock.ts';
import { parsePostgresUrl, type PostgresUrl } from '../../postgres-url.ts';
import { assertDatabaseStillThere, writeHomeMarker } from './home-marker.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbDriver = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  driver: DbDriver;
  /** Where the data lives, without credentials: a folder, `memory`, or host:port/database. */
  location: string;
  /** The raw postgres.js client when driver is postgres (advisory locks need a reserved connection). */
  postgres?: postgres.Sql;
  close(): Promise<void>;
}

/**
 * PGlite runs inside this process, so its buffer cache is this process's memory: PostgreSQL's default 128 MB of
 * shared buffers fill up during a large import (150 MB more at the peak of a 200 MB CSV import). 16 MB holds the working set
 * of a chat's queries; the operating system's file cache keeps the rest of the data close.
 */
const PGLITE_OPTIONS = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export interface OpenDbOptions {
  /** $MLTRAINER_HOME; the embedded database lives in its `db` folder. */
  home?: string;
  databaseUrl?: string;
  /** An in-memory PGlite (tests). */
  memory?: boolean;
  /** With `memory`: start from this dump of a data folder (PGlite's dumpDataDir) instead of an empty cluster (tests). */
  loadDataDir?: Blob;
  /** Skip the single-process lock on $MLTRAINER_HOME (tests that open one folder twice in sequence). */
  noLock?: boolean;
  /** Open the database as found, to examine it (`mltrainer doctor`): no migrations applied, no home marker written. */
  inspect?: boolean;
  /** A restore may create the embedded database where the home says one was lost (that is what a restore is for). */
  replaceMissing?: boolean;
}

export async function openDb(opts: OpenDbOptions): Promise<DbHandle> {
  const inspect = opts.inspect === true;
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, inspect);
  if (opts.memory) return openPglite(undefined, undefined, inspect, false, opts.loadDataDir);
  if (!opts.home) throw new Error('openDb needs home, databaseUrl or memory');
  return openPglite(opts.home, opts.noLock ? undefined : await lockHome(opts.home), inspect, opts.replaceMissing === true);
}

async function openPglite(
  home: string | undefined,
  release: (() => Promise<void>) | undefined,
  inspect: boolean,
  replaceMissing = false,
  loadDataDir?: Blob,
): Promise<DbHandle> {
  const dataDir = home ? path.join(home, 'db') : undefined;
  try {
    if (home && dataDir && !replaceMissing) assertDatabaseStillThere(home, dataDir);
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
    const client = dataDir ? await PGlite.create(dataDir, PGLITE_OPTIONS) : await PGlite.create(loadDataDir ? { ...PGLITE_OPTIONS, loadDataDir } : PGLITE_OPTIONS);
    const db = drizzlePglite({ client, schema });
    if (!inspect) await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    if (home && !inspect) writeHomeMarker(home, migrationCount(), new Date());
    return {
      db: db as unknown as Db,
      driver: 'pglite',
      location: dataDir ?? 'memory',
      async close() {
        await client.close();
        if (release) await release();
      },
    };
  } catch (err) {
    if (release) await release().catch(() => undefined);
    throw err;
  }
}

/** The migrations the code carries, oldest first: drizzle-kit's journal. */
export function migrationJournal(): { tag: string; when: number }[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  return journal.entries;
}

/** The schema version: how many migrations the code carries (all are applied on open). */
export function migrationCount(): number {
  return migrationJournal().length;
}

async function openPostgres(raw: string, inspect: boolean): Promise<DbHandle> {
  const parsed = parsePostgresUrl(raw);
  const where = parsed.where;
  const client = postgres(parsed.url, { max: 8, onnotice: () => undefined, connect_timeout: 10 });
  try {
    await client`select 1`;
  } catch (err) {
    await client.end({ timeout: 1 }).catch(() => undefined);
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new UserError(`DATABASE_URL: cannot connect to PostgreSQL at ${where} (${scrubUrl(reason, raw, parsed)})`);
  }
  const db = drizzlePostgres({ client, schema });
  if (!inspect) await migrateSerialised(client, db);
  return {
    db: db as unknown as Db,
    driver: 'postgres',
    location: where,
    postgres: client,
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/** The advisory lock that serialises migrations on a server (a restore takes it too). */
export const MIGRATION_LOCK_KEY = 7270011;

/**
 * Several processes may start together against one server: serialise migrations with an advisory lock held on a
 * reserved connection (a session lock, freed even if this process dies).
 */
async function migrateSerialised(client: postgres.Sql, db: Parameters<typeof migratePostgres>[0]): Promise<void> {
  const reserved = await client.reserve();
  try {
    await reserved.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await reserved.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
    reserved.release();
  }
}

/** host:port/database of a PostgreSQL URL, never the user or password. */
export function describePostgresUrl(url: string): string {
  return parsePostgresUrl(url).where;
}

/** A driver's message without the URL or the password, whichever way the user wrote them. */
function scrubUrl(text: string, raw: string, parsed: PostgresUrl): string {
  let out = text.split(raw).join('[DATABASE_URL]').split(parsed.url).join('[DATABASE_URL]');
  if (parsed.password) out = out.split(parsed.password).join('[redacted]').split(encodeURIComponent(parsed.password)).join('[redacted]');
  return out;
}

/** A quick liveness query, for /status. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
