import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/engine/db/database.ts';
import { parsePostgresUrl } from '../../../src/postgres-url.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import { seededHome } from '../../support/seeded-home.ts';
import { openTestDb, usingPostgres } from '../../support/test-db.ts';

describe('the database handle', () => {
  it('applies every migration on open, and opening again is a no-op', async () => {
    const h = await openTestDb();
    try {
      const tables = await h.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
      const names = (tables as unknown as { rows?: { table_name: string }[] }).rows ?? (tables as unknown as { table_name: string }[]);
      expect(names.map((r) => r.table_name)).toEqual(expect.arrayContaining(['bars', 'series', 'observations', 'chat_memory', 'outbox', 'evaluations']));
      expect(h.driver).toBe(usingPostgres() ? 'postgres' : 'pglite');
    } finally {
      await h.close();
    }
  });

  it('refuses a second process on the same embedded database with a clear line, and persists data on disk', async () => {
    if (usingPostgres()) return; // the lock guards PGlite's single connection; PostgreSQL needs none
    const home = await seededHome('mlt-lock-');
    try {
      const first = await openDb({ home });
      await first.db.execute(sql`insert into settings (key, value) values ('probe', '1'::jsonb)`);
      await expect(openDb({ home })).rejects.toThrow(/another mltrainer is already using/);
      await first.close();
      const again = await openDb({ home });
      const rows = await again.db.execute(sql`select key from settings where key = 'probe'`);
      expect(((rows as unknown as { rows: unknown[] }).rows ?? []).length).toBe(1);
      await again.close();
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('never starts over on an empty database where the home says one was: a missing PG_VERSION is refused, nothing created', async () => {
    if (usingPostgres()) return; // the marker guards the embedded database's folder
    // A home whose database exists (a copy of the run's seeded one, not a new initdb): an open writes the marker.
    const home = await seededHome('mlt-marker-');
    fs.rmSync(path.join(home, 'database.json'));
    try {
      const first = await openDb({ home });
      await first.close();
      const marker = JSON.parse(fs.readFileSync(path.join(home, 'database.json'), 'utf8'));
      expect(marker.schemaVersion).toBe(JSON.parse(fs.readFileSync('drizzle/meta/_journal.json', 'utf8')).entries.length);
      fs.rmSync(path.join(home, 'db', 'PG_VERSION'));
      const before = fs.readdirSync(path.join(home, 'db')).sort();
      await expect(openDb({ home })).rejects.toThrow(/the embedded database in .* is missing or damaged \(no PG_VERSION\); nothing was created in its place/);
      expect(fs.readdirSync(path.join(home, 'db')).sort()).toEqual(before);
      // with the whole folder gone, too
      fs.rmSync(path.join(home, 'db'), { recursive: true });
      await expect(openDb({ home })).rejects.toBeInstanceOf(UserError);
      expect(fs.existsSync(path.join(home, 'db'))).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('reports an unreachable PostgreSQL server in one line without the password', async () => {
    const err = await openDb({ databaseUrl: 'postgres://bob:hunter2secret@127.0.0.1:1/nowhere' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const message = (err as Error).message;
    expect(message).toMatch(/^DATABASE_URL: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere/);
    expect(message).not.toContain('hunter2secret');
    expect(message).not.toContain('\n');
  });

  it('reads a password written without URL-encoding (with @, / and :) whole, and prints none of it', async () => {
    const secret = 's3cr@t/pa:ss';
    const err = await openDb({ databaseUrl: `postgres://bob:${secret}@127.0.0.1:1/nowhere` }).catch((e: unknown) => e);
    const message = (err as Error).message;
    expect(message).toMatch(/^DATABASE_URL: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere \(/);
    for (const piece of ['s3cr', 't/pa', 'pa:ss', encodeURIComponent(secret)]) expect(message).not.toContain(piece);
    expect(parsePostgresUrl(`postgresql://bob:${secret}@db.example:6543/book?sslmode=require`)).toEqual({
      url: `postgresql://bob:${encodeURIComponent(secret)}@db.example:6543/book?sslmode=require`,
      where: 'db.example:6543/book',
      password: secret,
    });
    // an encoded password stays what it was
    expect(parsePostgresUrl('postgres://bob:a%40b@h/d').password).toBe('a@b');
  });
});
