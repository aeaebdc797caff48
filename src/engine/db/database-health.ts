// What `mltrainer doctor` asks of an open database: whether every migration the code carries is applied, and whether
// every table can be read end to end. Each answer is one check a person can act on.
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { migrationJournal, type Db } from './database.ts';
import * as schema from './schema/index.ts';

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** Rows of `db.execute`: PGlite answers `{rows}`, postgres.js an array. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/** The first line of the driver's error (drizzle wraps it in a "Failed query" error quoting the SQL). */
export function reasonOf(err: unknown): string {
  const inner = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return (inner instanceof Error ? inner.message : String(inner)).split('\n')[0] ?? 'error';
}

/** drizzle's record of applied migrations (their journal times), or none when it has never migrated. */
export async function appliedMigrations(db: Pick<Db, 'execute'>): Promise<number[]> {
  const exists = rowsOf<{ found: string | null }>(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as found`));
  if (!exists[0]?.found) return [];
  const rows = rowsOf<{ at: string }>(await db.execute(sql`select created_at::text as at from drizzle.__drizzle_migrations order by created_at`));
  return rows.map((r) => Number(r.at));
}

/** Compares drizzle-kit's journal with the migrations the database records as applied. */
export async function checkMigrations(db: Db): Promise<HealthCheck> {
  const known = migrationJournal();
  const applied = new Set(await appliedMigrations(db));
  const newest = known[known.length - 1];
  const missing = known.filter((m) => !applied.has(m.when));
  const unknown = [...applied].filter((when) => !known.some((m) => m.when === when));
  if (unknown.length > 0) {
    return { name: 'migrations', ok: false, detail: `the database has ${unknown.length} migration(s) this version of mltrainer does not know: it was written by a newer one; update mltrainer` };
  }
  if (missing.length > 0) {
    return {
      name: 'migrations',
      ok: false,
      detail: `${missing.length} of ${known.length} migrations not applied (${missing.map((m) => m.tag).join(', ')}): the next mltrainer start applies them; if it fails, restore a backup`,
    };
  }
  return { name: 'migrations', ok: true, detail: `all ${known.length} applied (newest ${newest?.tag ?? 'none'})` };
}

/** Every table of the schema, by name. */
export function schemaTables(): string[] {
  const names: string[] = [];
  for (const value of Object.values(schema) as unknown[]) if (is(value, PgTable)) names.push(getTableName(value));
  return names.sort();
}

/**
 * Reads every row of every table, whole (as text, so no index answers in the table's place and long values are read
 * too). A table that cannot be read is damage, named, with what to do.
 */
export async function checkTables(db: Db, restoreAdvice: string): Promise<HealthCheck> {
  const tables = schemaTables();
  const damaged: string[] = [];
  let rows = 0;
  for (const table of tables) {
    try {
      const [r] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n, sum(length(t::text))::float8 as bytes from "${table}" t`)));
      rows += Number(r?.n ?? 0);
    } catch (err) {
      damaged.push(`${table} (${reasonOf(err)})`);
    }
  }
  if (damaged.length > 0) {
    const advice = restoreAdvice.charAt(0).toUpperCase() + restoreAdvice.slice(1);
    return { name: 'tables', ok: false, detail: `damaged: ${damaged.join('; ')}. ${advice}` };
  }
  return { name: 'tables', ok: true, detail: `all ${tables.length} read end to end (${rows.toLocaleString('en-US')} rows)` };
}
