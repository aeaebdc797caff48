// A fresh, migrated database for one test file: in-memory PGlite by default; with DATABASE_URL set (the CI's
// PostgreSQL pass), a new database created on that server and dropped afterwards.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDb, type DbHandle } from '../../src/engine/db/database.ts';

export interface TestDb extends DbHandle {
  /** A PostgreSQL URL of this test database (postgres pass only), for a second process or a restart test. */
  url?: string;
}

export const usingPostgres = (): boolean => !!process.env.DATABASE_URL;

export async function openTestDb(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDb({ memory: true });
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
