// A backup of an older schema restores into this version: the migrations up to the backup's version first, its rows,
// then the later migrations (here 0007 adds columns to handled_updates and pending_confirmations); a target already at
// the newest schema is rebuilt at the backup's version for that.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../../src/engine/backup/backup-restorer.ts';
import { writeBackup } from '../../../src/engine/backup/backup-writer.ts';
import { applyMigrations } from '../../../src/engine/backup/schema-migrations.ts';
import { checkMigrations, rowsOf } from '../../../src/engine/db/database-health.ts';
import { migrationJournal, openDb } from '../../../src/engine/db/database.ts';
import { openTestDb } from '../../support/test-db.ts';
import { clock } from './backup-support.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-backup-old-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a backup of an older schema', () => {
  it('restores, and the later migrations are applied after its rows', async () => {
    const journal = migrationJournal();
    const older = journal[journal.length - 2]!;
    const file = path.join(dir, 'older.backup.gz');
    const source = await openDb({ memory: true, inspect: true });
    try {
      await source.db.transaction(async (tx) => {
        await applyMigrations(tx, older.when);
        await tx.execute(sql`insert into handled_updates (platform, update_key, handled_at) values ('telegram', '1001', '2020-04-17T20:00:00Z')`);
        await tx.execute(sql`insert into settings (key, value, updated_at) values ('autopilot.symbols', '["SPX", "AAPL"]', '2020-04-17T20:00:00Z')`);
      });
      const written = await writeBackup(source, { file, clock });
      expect(written.manifest.schema).toEqual({ migrations: journal.length - 1, tag: older.tag, when: older.when });
    } finally {
      await source.close();
    }
    const target = await openTestDb(); // migrated to the newest schema, empty
    try {
      const result = await restoreBackup(target, file);
      expect(result.rows).toBe(2);
      expect(result.schema.tag).toBe(journal[journal.length - 1]!.tag);
      expect((await checkMigrations(target.db)).ok).toBe(true);
      const [update] = rowsOf<{ update_key: string; answered_at: unknown }>(await target.db.execute(sql`select update_key, answered_at from handled_updates`));
      expect(update).toEqual({ update_key: '1001', answered_at: null });
      const [setting] = rowsOf<{ value: unknown }>(await target.db.execute(sql`select value from settings where key = 'autopilot.symbols'`));
      expect(setting?.value).toEqual(['SPX', 'AAPL']);
    } finally {
      await target.close();
    }
  }, 120_000);
});
