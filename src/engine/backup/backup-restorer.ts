// `mltrainer restore`: the file is verified whole first, then, in one transaction (a failure changes nothing), the
// target is emptied when --force allows it, migrated up to the backup's schema version, loaded table by table (a
// referenced table first), its sequences set past every id the source used, checked against the manifest's counts
// and checksums, and migrated on to this code's newest schema.
import { sql } from 'drizzle-orm';
import { isPgEnum } from 'drizzle-orm/pg-core';
import type { DbHandle } from '../db/database.ts';
import { appliedMigrations, rowsOf } from '../db/database-health.ts';
import { MIGRATION_LOCK_KEY, migrationJournal } from '../db/database.ts';
import * as schema from '../db/schema/index.ts';
import { UserError } from '../user-error.ts';
import type { BackupManifest, SchemaVersion, SequenceEntry } from './backup-format.ts';
import { backupLines, verifyBackup } from './backup-reader.ts';
import { backupTables, quoteIdent, type BackupTable } from './backup-tables.ts';
import { applyMigrations, latestKnownVersion } from './schema-migrations.ts';
import { digestTable, fixTextOutput, type Executor } from './table-rows.ts';

export interface RestoreResult {
  manifest: BackupManifest;
  rows: number;
  /** The schema the database has now (the backup's, migrated on to this code's newest). */
  schema: SchemaVersion;
}

/** Rows sent to the database in one statement (or fewer, when they are long). */
const BATCH_ROWS = 1000;
const BATCH_CHARS = 4 * 1024 * 1024;

interface TargetState {
  applied: number[];
  tablesWithRows: string[];
  /** Any table of the schema exists. */
  hasSchema: boolean;
}

export async function restoreBackup(handle: DbHandle, file: string, opts: { force?: boolean; verified?: BackupManifest } = {}): Promise<RestoreResult> {
  const manifest = opts.verified ?? (await verifyBackup(file));
  const known = new Map(backupTables().map((t) => [t.name, t]));
  const unknown = manifest.tables.find((t) => !known.has(t.name));
  if (unknown) throw new UserError(`${file} holds a table this mltrainer does not know (${unknown.name}): update mltrainer to restore it; nothing was changed`);
  const target = await targetState(handle.db);
  const journal = migrationJournal();
  if (target.applied.some((when) => !journal.some((m) => m.when === when))) {
    throw new UserError('the target database was migrated by a newer mltrainer than this one: restore with that one, or into an empty database; nothing was changed');
  }
  if (target.tablesWithRows.length > 0 && !opts.force) {
    throw new UserError(
      `the target database is not empty (${target.tablesWithRows.length} tables hold rows: ${target.tablesWithRows.slice(0, 4).join(', ')}${target.tablesWithRows.length > 4 ? ', ...' : ''}): restore into an empty database, or add --force to replace everything in it; nothing was changed`,
    );
  }
  let rows = 0;
  await handle.db.transaction(async (tx) => {
    // A server's other mltrainer processes migrate under this lock: none starts migrating in the middle of a restore.
    if (handle.driver === 'postgres') await tx.execute(sql.raw(`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`));
    await fixTextOutput(tx);
    if (target.hasSchema || target.applied.length > 0) await emptyTarget(tx, target, manifest.schema);
    await applyMigrations(tx, manifest.schema.when);
    rows = await loadRows(tx, file, known);
    for (const s of manifest.sequences) await placeSequence(tx, s);
    for (const t of manifest.tables) {
      const got = await digestTable(tx, known.get(t.name)!);
      if (got.rows !== t.rows || got.sha256 !== t.sha256) {
        throw new UserError(`the restored table ${t.name} does not match the backup (${got.rows} rows, ${t.rows} expected, or a checksum differs); nothing was changed`);
      }
    }
    await applyMigrations(tx);
  });
  return { manifest, rows, schema: latestKnownVersion() };
}

async function targetState(db: Executor): Promise<TargetState> {
  const applied = await appliedMigrations(db);
  const tablesWithRows: string[] = [];
  let hasSchema = false;
  for (const t of backupTables()) {
    const [exists] = rowsOf<{ found: string | null }>(await db.execute(sql`select to_regclass(${quoteIdent(t.name)})::text as found`));
    if (!exists?.found) continue;
    hasSchema = true;
    const [any] = rowsOf<{ some: boolean }>(await db.execute(sql.raw(`select exists (select 1 from ${quoteIdent(t.name)}) as some`)));
    if (any?.some) tablesWithRows.push(t.name);
  }
  return { applied, tablesWithRows, hasSchema };
}

/**
 * Empties the target: at the backup's own schema version its tables are truncated (TRUNCATE passes the audit log's
 * append-only trigger, which guards rows one by one); at another version the schema's objects are dropped so the
 * migrations can build the backup's version afresh.
 */
async function emptyTarget(tx: Executor, target: TargetState, version: SchemaVersion): Promise<void> {
  const sameVersion = target.applied.length === version.migrations && Math.max(...target.applied) === version.when;
  const names = backupTables().map((t) => quoteIdent(t.name));
  if (sameVersion) {
    await tx.execute(sql.raw(`truncate ${names.join(', ')} restart identity cascade`));
    return;
  }
  await tx.execute(sql.raw(`drop table if exists ${names.join(', ')} cascade`));
  for (const value of Object.values(schema) as unknown[]) {
    if (isPgEnum(value)) await tx.execute(sql.raw(`drop type if exists ${quoteIdent(value.enumName)} cascade`));
  }
  await tx.execute(sql.raw('drop function if exists "audit_log_append_only"() cascade'));
  await tx.execute(sql.raw('drop table if exists drizzle.__drizzle_migrations'));
}

/** Inserts every row of the file, a batch at a time, each row rebuilt from its JSON text by PostgreSQL itself. */
async function loadRows(tx: Executor, file: string, known: Map<string, BackupTable>): Promise<number> {
  let table: BackupTable | undefined;
  let batch: string[] = [];
  let chars = 0;
  let rows = 0;
  const flush = async () => {
    if (!table || batch.length === 0) return;
    const name = sql.raw(quoteIdent(table.name));
    await tx.execute(sql`insert into ${name} select * from json_populate_recordset(null::${name}, ${`[${batch.join(",")}]`}::json)`);
    rows += batch.length;
    batch = [];
    chars = 0;
  };
  for await (const item of backupLines(file)) {
    if (item.kind === 'table') {
      await flush();
      table = known.get(item.name);
    } else if (item.kind === 'row') {
      batch.push(item.line);
      chars += item.line.length;
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
    }
  }
  await flush();
  return rows;
}

/** Sets a serial column's sequence past both the source's position and every restored id. */
async function placeSequence(tx: Executor, s: SequenceEntry): Promise<void> {
  const [seq] = rowsOf<{ name: string | null }>(await tx.execute(sql`select pg_get_serial_sequence(${quoteIdent(s.table)}, ${s.column}) as name`));
  if (!seq?.name) return;
  const [max] = rowsOf<{ m: string | number | null }>(await tx.execute(sql.raw(`select max(${quoteIdent(s.column)}) as m from ${quoteIdent(s.table)}`)));
  const used = Math.max(Number(max?.m ?? 0), s.called ? s.lastValue : s.lastValue - 1);
  if (used < 1) await tx.execute(sql`select setval(${seq.name}, 1, false)`);
  else await tx.execute(sql`select setval(${seq.name}, ${used}, true)`);
}

