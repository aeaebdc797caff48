// `mltrainer backup`: every table read in one transaction (REPEATABLE READ, read only: one snapshot while the bot
// goes on writing; PGlite is one connection, so its transaction sees one state anyway), streamed through gzip into a
// temporary file beside the target, flushed to disk and renamed into place: a crash leaves no half-written backup.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { DbHandle } from '../db/database.ts';
import { rowsOf } from '../db/database-health.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, HEADER_TAG, MANIFEST_TAG, TABLE_TAG, backupCompressors, type BackupHeader, type BackupManifest, type SequenceEntry, type TableEntry } from './backup-format.ts';
import { backupTables, quoteIdent, type BackupTable } from './backup-tables.ts';
import { databaseSchemaVersion } from './schema-migrations.ts';
import { fixTextOutput, tableLines, TableDigest, type Executor } from './table-rows.ts';

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/** Lines are handed to gzip in chunks of about this many characters rather than one by one. */
const CHUNK = 64 * 1024;

/** The default name of a backup taken at `at`: `mltrainer-2026-12-05-205501.backup.gz`, sorting by time. */
export function backupFileName(at: number): string {
  const iso = new Date(at).toISOString();
  return `mltrainer-${iso.slice(0, 10)}-${iso.slice(11, 19).replace(/:/g, '')}.backup.gz`;
}

/** Writes a backup of the whole database to `file` (its folder is created). */
export async function writeBackup(handle: DbHandle, opts: { file: string; clock: Clock }): Promise<BackupResult> {
  const file = path.resolve(opts.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const manifest = await handle.db.transaction(
      async (tx) => {
        await fixTextOutput(tx);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_FORMAT_VERSION,
          createdAt: new Date(opts.clock.now()).toISOString(),
          source: handle.driver,
          schema: await databaseSchemaVersion(tx),
        };
        const done: { manifest?: BackupManifest } = {};
        await pipeline(Readable.from(chunked(backupLines(tx, header, done))), ...backupCompressors(), fs.createWriteStream(tmp));
        return done.manifest!;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    flushToDisk(tmp);
    fs.renameSync(tmp, file);
    flushToDisk(path.dirname(file));
    return { file, bytes: fs.statSync(file).size, manifest };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** The file's lines: header, each table's rows, manifest (left in `done` for the caller). */
async function* backupLines(tx: Executor, header: BackupHeader, done: { manifest?: BackupManifest }): AsyncGenerator<string> {
  yield `${HEADER_TAG}${JSON.stringify(header)}\n`;
  const tables: TableEntry[] = [];
  const sequences: SequenceEntry[] = [];
  for (const table of await presentTables(tx)) {
    yield `${TABLE_TAG}${JSON.stringify({ name: table.name })}\n`;
    const digest = new TableDigest();
    for await (const line of tableLines(tx, table)) {
      digest.add(line);
      yield `${line}\n`;
    }
    tables.push({ name: table.name, rows: digest.rows, sha256: digest.hex() });
    sequences.push(...(await sequencesOf(tx, table)));
  }
  const manifest: BackupManifest = { ...header, tables, sequences };
  done.manifest = manifest;
  yield `${MANIFEST_TAG}${JSON.stringify(manifest)}\n`;
}

/** The schema's tables the database holds: one at an older schema version lacks the newer ones. */
async function presentTables(tx: Executor): Promise<BackupTable[]> {
  const present: BackupTable[] = [];
  for (const table of backupTables()) {
    const [found] = rowsOf<{ name: string | null }>(await tx.execute(sql`select to_regclass(${quoteIdent(table.name)})::text as name`));
    if (found?.name) present.push(table);
  }
  return present;
}

/** Where the table's serial columns' sequences stand. */
async function sequencesOf(tx: Executor, table: BackupTable): Promise<SequenceEntry[]> {
  const out: SequenceEntry[] = [];
  for (const column of table.serialColumns) {
    const [seq] = rowsOf<{ name: string | null }>(await tx.execute(sql`select pg_get_serial_sequence(${quoteIdent(table.name)}, ${column}) as name`));
    if (!seq?.name) continue;
    const [state] = rowsOf<{ last_value: string | number; is_called: boolean }>(await tx.execute(sql.raw(`select last_value, is_called from ${seq.name}`)));
    if (state) out.push({ table: table.name, column, lastValue: Number(state.last_value), called: state.is_called });
  }
  return out;
}

async function* chunked(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const line of lines) {
    buffer += line;
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** fsync of a file or a folder (the rename itself must reach the disk too). */
function flushToDisk(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
