// Reads one table's rows, in its backup order, as `row_to_json` text (json, not jsonb: json keeps each value's own
// text, so a float keeps its sign at -0, where jsonb's numeric would drop it), a thousand at a time through a cursor
// (a table may be larger than memory), inside the caller's transaction. The same reading makes the backup and checks
// the restore, so both hash the very same lines.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { rowsOf } from '../db/database-health.ts';
import { quoteIdent, type BackupTable } from './backup-tables.ts';

export type Executor = Pick<Db, 'execute'>;

const BATCH = 1000;

/**
 * Fixes what changes the text of a value between sessions (the time zone of timestamps, the digits of floats), for
 * the rest of the transaction.
 */
export async function fixTextOutput(tx: Executor): Promise<void> {
  await tx.execute(sql`set local timezone = 'UTC'`);
  await tx.execute(sql`set local extra_float_digits = 1`);
}

/** The table's rows, one line each. */
export async function* tableLines(tx: Executor, table: BackupTable): AsyncGenerator<string> {
  const cursor = `mlt_backup_${table.name}`;
  await tx.execute(sql.raw(`declare ${quoteIdent(cursor)} no scroll cursor for select row_to_json(t)::text as j from ${quoteIdent(table.name)} t order by ${table.orderBy}`));
  try {
    for (;;) {
      const rows = rowsOf<{ j: string }>(await tx.execute(sql.raw(`fetch forward ${BATCH} from ${quoteIdent(cursor)}`)));
      for (const r of rows) yield r.j;
      if (rows.length < BATCH) break;
    }
  } finally {
    await tx.execute(sql.raw(`close ${quoteIdent(cursor)}`));
  }
}

/** Counts and hashes a table's lines as they go by: each line and its newline. */
export class TableDigest {
  private readonly hash = createHash('sha256');
  rows = 0;

  add(line: string): void {
    this.hash.update(line);
    this.hash.update('\n');
    this.rows++;
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** A table's row count and checksum as the database holds it now. */
export async function digestTable(tx: Executor, table: BackupTable): Promise<{ rows: number; sha256: string }> {
  const digest = new TableDigest();
  for await (const line of tableLines(tx, table)) digest.add(line);
  return { rows: digest.rows, sha256: digest.hex() };
}
