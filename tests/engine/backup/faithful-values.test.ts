// Every value comes back exactly: floats at the edges of double precision (NaN, infinities, -0, subnormals), times
// with microseconds, big integers, JSON with every kind of value, and text that needs escaping; on the same backend
// and, in the PostgreSQL pass, from PostgreSQL into PGlite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../../src/engine/backup/backup-restorer.ts';
import { writeBackup } from '../../../src/engine/backup/backup-writer.ts';
import { rowsOf } from '../../../src/engine/db/database-health.ts';
import { openDb, type DbHandle } from '../../../src/engine/db/database.ts';
import { openTestDb, usingPostgres } from '../../support/test-db.ts';
import { clock, digests } from './backup-support.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-backup-values-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The values as PostgreSQL writes them in text, in the UTC time zone. */
async function valuesOf(db: DbHandle): Promise<unknown[]> {
  return db.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const bars = rowsOf(await tx.execute(sql`select time::text, open::text, high::text, low::text, close::text, volume::text from bars where symbol = 'EDGE' order by time`));
    const settings = rowsOf(await tx.execute(sql`select key, value::text, updated_at::text from settings where key like 'edge%' order by key`));
    const messages = rowsOf(await tx.execute(sql`select id::text, content, created_at::text from chat_messages order by id`));
    const fills = rowsOf(await tx.execute(sql`select order_id::text, qty::text from trader_fills order by id`));
    return [bars, settings, messages, fills];
  });
}

describe('faithful values', () => {
  it('restores every value exactly', async () => {
    const source = await openTestDb();
    const file = path.join(dir, 'values.backup.gz');
    let before: unknown[];
    let sums: Awaited<ReturnType<typeof digests>>;
    try {
      await source.db.execute(sql`insert into bars (symbol, timeframe, time, open, high, low, close, volume, source) values
        ('EDGE', '1d', '2020-04-17 13:45:01.123456+00', 'NaN', 'Infinity', '-Infinity', 0.30000000000000004, '-0', 'csv'),
        ('EDGE', '1d', '1970-01-01 00:00:00+00', 4.9e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 2874.560059, null, 'csv')`);
      await source.db.execute(sql`insert into settings (key, value, updated_at) values
        ('edge.json', ${JSON.stringify({ n: 12345678901234567890, f: 1.5e-7, s: 'quote " backslash \\ newline \n tab \t é 🚀', a: [null, true, false, 0, -1.0], o: {} })}::jsonb, '2026-06-01 16:00:00.000001+00'),
        ('edge.string', '"just a string"', '2026-06-01 16:00:00+00')`);
      await source.db.execute(sql`insert into chat_messages (platform, chat_id, role, content, created_at) values
        ('console', 'console', 'user', ${"line one\nline two, 'single' and \"double\" quotes, \\ and a NUL-free \u2028 separator"}, '2026-06-01 16:00:00+00')`);
      await source.db.execute(sql`insert into trader_fills (fill_key, order_id, client_order_id, broker, symbol, side, qty, price, commission, realized_pnl, filled_at) values
        ('k:1', 9007199254740991, 'c1', 'simulated', 'SPX', 'buy', 0.1, 1, 0, 0, '2026-06-01 16:00:00+00')`);
      before = await valuesOf(source);
      sums = await digests(source);
      await writeBackup(source, { file, clock });
    } finally {
      await source.close();
    }
    const targets: DbHandle[] = [await openTestDb()];
    if (usingPostgres()) targets.push(await openDb({ memory: true }));
    for (const target of targets) {
      try {
        await restoreBackup(target, file);
        expect(await valuesOf(target)).toEqual(before);
        expect(await digests(target)).toEqual(sums);
      } finally {
        await target.close();
      }
    }
    expect(JSON.stringify(before)).toContain('NaN');
  }, 120_000);
});
