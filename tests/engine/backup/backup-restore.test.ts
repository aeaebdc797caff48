// Backup then restore: every table's rows come back equal (checksums), the paper book's positions and P&L too, and
// the bot answers /positions the same, on PGlite, on PostgreSQL, and from one to the other (the way a user moves to
// a server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../../src/engine/backup/backup-writer.ts';
import { restoreBackup } from '../../../src/engine/backup/backup-restorer.ts';
import { openDb, type DbHandle } from '../../../src/engine/db/database.ts';
import { openTestDb, usingPostgres } from '../../support/test-db.ts';
import { appOn, bookAnswers, clock, digests, placeOrders } from './backup-support.ts';

let dir: string;
let file: string;
let before: Record<string, { rows: number; sha256: string }>;
let answers: Record<string, string>;
let sourceDriver: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-backup-file-'));
  file = path.join(dir, 'book.backup.gz');
  const app = await appOn(await openTestDb());
  try {
    await placeOrders(app);
    answers = await bookAnswers(app);
    before = await digests(app.db);
    sourceDriver = app.db.driver;
    await writeBackup(app.db, { file, clock });
  } finally {
    await app.close();
  }
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Restores the backup into `target`, checks the tables, then asks the bot on it about the book. */
async function restoreAndAsk(target: DbHandle): Promise<void> {
  const result = await restoreBackup(target, file);
  expect(result.rows).toBe(Object.values(before).reduce((n, t) => n + t.rows, 0));
  expect(await digests(target)).toEqual(before);
  const app = await appOn(target);
  try {
    expect(await bookAnswers(app)).toEqual(answers);
  } finally {
    await app.close();
  }
}

describe('backup and restore', () => {
  it('writes a manifest with every table, its rows and checksum, and the schema version', async () => {
    const { verifyBackup } = await import('../../../src/engine/backup/backup-reader.ts');
    const manifest = await verifyBackup(file);
    expect(manifest.source).toBe(sourceDriver);
    expect(manifest.schema.tag).toMatch(/^\d{4}_/);
    expect(Object.fromEntries(manifest.tables.map((t) => [t.name, { rows: t.rows, sha256: t.sha256 }]))).toEqual(before);
    expect(before.trader_fills!.rows).toBe(3);
    expect(answers['/positions']).toMatch(/SPX\s+6\s+2,874\.56/);
    expect(manifest.sequences.find((s) => s.table === 'trader_orders')?.lastValue).toBe(4);
  });

  it('restores onto the same backend: every table equal, the same book, the same /positions', async () => {
    await restoreAndAsk(await openTestDb());
  }, 180_000);

  it.runIf(usingPostgres())('moves from PGlite to PostgreSQL and back', async () => {
    // The source of this pass is PostgreSQL: restore it into PGlite, back it up there, and restore that into PostgreSQL.
    const pglite = await openDb({ memory: true });
    await restoreAndAsk(pglite);
    const fromPglite = path.join(dir, 'from-pglite.backup.gz');
    const again = await openDb({ memory: true });
    try {
      await restoreBackup(again, file);
      const written = await writeBackup(again, { file: fromPglite, clock });
      expect(written.manifest.source).toBe('pglite');
    } finally {
      await again.close();
    }
    const server = await openTestDb();
    await restoreBackup(server, fromPglite);
    expect(await digests(server)).toEqual(before);
    const app = await appOn(server);
    try {
      expect(await bookAnswers(app)).toEqual(answers);
    } finally {
      await app.close();
    }
  }, 240_000);
});
