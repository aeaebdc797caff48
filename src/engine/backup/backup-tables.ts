// What a backup needs to know of each table of the schema: the order its rows are read in (the primary key, text
// compared byte by byte so PGlite and a server with another collation read the same order), its serial columns, and
// the tables it references, so a restore loads a referenced table before the rows that point at it.
import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../db/schema/index.ts';

export interface BackupTable {
  name: string;
  orderBy: string;
  serialColumns: string[];
  references: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function describe(table: PgTable): BackupTable {
  const config = getTableConfig(table);
  // A composite key names the table's columns through stand-ins: look each up among the real columns.
  const pkNames = config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.filter((c) => c.primary).map((c) => c.name);
  const pk = config.columns.filter((c) => pkNames.includes(c.name)).sort((a, b) => pkNames.indexOf(a.name) - pkNames.indexOf(b.name));
  // A table without a key is read in the order of all its columns: still one order on every backend.
  const keyColumns = pk.length > 0 ? pk : config.columns;
  const orderBy = keyColumns.map((c) => (c.getSQLType() === 'text' ? `${quote(c.name)} collate "C"` : quote(c.name))).join(', ');
  return {
    name: config.name,
    orderBy,
    serialColumns: config.columns.filter((c) => /serial/i.test(c.getSQLType())).map((c) => c.name),
    references: config.foreignKeys.map((fk) => getTableName(fk.reference().foreignTable)).filter((t) => t !== config.name),
  };
}

/** Every table of the schema, each after the tables it references. */
export function backupTables(): BackupTable[] {
  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable)).map(describe);
  tables.sort((a, b) => a.name.localeCompare(b.name));
  const ordered: BackupTable[] = [];
  const placed = new Set<string>();
  const place = (t: BackupTable, path: string[]) => {
    if (placed.has(t.name) || path.includes(t.name)) return;
    for (const ref of t.references) {
      const target = tables.find((x) => x.name === ref);
      if (target) place(target, [...path, t.name]);
    }
    placed.add(t.name);
    ordered.push(t);
  };
  for (const t of tables) place(t, []);
  return ordered;
}

export const quoteIdent = quote;
