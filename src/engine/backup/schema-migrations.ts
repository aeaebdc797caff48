// The schema version a backup records (the newest migration applied), and drizzle's migrations applied inside the
// restore's own transaction (drizzle's migrator opens a transaction of its own): up to a backup's version before its
// rows go in, the rest after. Recorded in drizzle's table exactly as its migrator does, so later opens agree.
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER, migrationJournal } from '../db/database.ts';
import { appliedMigrations } from '../db/database-health.ts';
import { UserError } from '../user-error.ts';
import type { SchemaVersion } from './backup-format.ts';
import type { Executor } from './table-rows.ts';

/** The newest migration this code knows. */
export function latestKnownVersion(): SchemaVersion {
  const journal = migrationJournal();
  const last = journal[journal.length - 1]!;
  return { migrations: journal.length, tag: last.tag, when: last.when };
}

/** The database's schema version; one this code does not know is refused. */
export async function databaseSchemaVersion(tx: Executor): Promise<SchemaVersion> {
  const applied = await appliedMigrations(tx);
  const journal = migrationJournal();
  const newest = Math.max(...applied);
  const index = journal.findIndex((m) => m.when === newest);
  if (applied.length === 0) throw new UserError('the database has no mltrainer schema yet: nothing to back up');
  if (index < 0) throw new UserError(`the database was migrated by a newer mltrainer than this one (it knows up to ${latestKnownVersion().tag}): update mltrainer`);
  return { migrations: index + 1, tag: journal[index]!.tag, when: newest };
}

/** Whether this code knows a backup's schema version (an older or the same one). */
export function knowsVersion(v: SchemaVersion): boolean {
  return migrationJournal().some((m) => m.when === v.when && m.tag === v.tag);
}

/** Applies the pending migrations up to `upTo` (journal time; all when absent), in the caller's transaction. */
export async function applyMigrations(tx: Executor, upTo?: number): Promise<void> {
  await tx.execute(sql`create schema if not exists drizzle`);
  await tx.execute(sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`);
  const applied = await appliedMigrations(tx);
  const last = applied.length > 0 ? Math.max(...applied) : -Infinity;
  for (const m of readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER })) {
    if (m.folderMillis <= last || (upTo !== undefined && m.folderMillis > upTo)) continue;
    for (const statement of m.sql) if (statement.trim()) await tx.execute(sql.raw(statement));
    await tx.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${m.hash}, ${m.folderMillis})`);
  }
}
