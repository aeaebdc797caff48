// A backup taken while orders are being placed is one consistent moment of the book: restored, every fill has its
// order (on the book's side and on the simulated broker's), and each position is the sum of its fills.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../../src/engine/backup/backup-restorer.ts';
import { writeBackup } from '../../../src/engine/backup/backup-writer.ts';
import { rowsOf } from '../../../src/engine/db/database-health.ts';
import type { DbHandle } from '../../../src/engine/db/database.ts';
import { openTestDb } from '../../support/test-db.ts';
import { appOn, clock } from './backup-support.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-backup-busy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function one<T>(db: DbHandle, query: string): Promise<T> {
  return rowsOf<T>(await db.db.execute(sql.raw(query)))[0]!;
}

describe('a backup while trading', () => {
  it('restores to a consistent book: no fill without its order, positions the sum of their fills', async () => {
    const app = await appOn(await openTestDb());
    const file = path.join(dir, 'busy.backup.gz');
    let placed = 0;
    try {
      const trading = (async () => {
        for (let i = 0; i < 24; i++) {
          const side = i % 2 === 0 ? 'buy' : 'sell';
          const r = await app.trader!.placeOrder({ symbol: 'SPX', side, qty: 1 + (i % 3), type: 'market', decisionKey: `busy:${i}`, confirmed: true });
          if (r.ok) placed++;
        }
      })();
      while (placed < 4) await new Promise((r) => setTimeout(r, 5));
      const written = await writeBackup(app.db, { file, clock });
      await trading;
      expect(placed).toBe(24);
      const fills = written.manifest.tables.find((t) => t.name === 'trader_fills')!.rows;
      expect(fills).toBeGreaterThanOrEqual(4);
    } finally {
      await app.close();
    }
    const target = await openTestDb();
    try {
      await restoreBackup(target, file);
      expect(await one(target, 'select count(*)::int as n from trader_fills f left join trader_orders o on o.id = f.order_id where o.id is null')).toEqual({ n: 0 });
      expect(await one(target, 'select count(*)::int as n from sim_fills f left join sim_orders o on o.id = f.order_id where o.id is null')).toEqual({ n: 0 });
      expect(await one(target, `select count(*)::int as n from trader_orders o where o.status = 'filled' and not exists (select 1 from trader_fills f where f.order_id = o.id)`)).toEqual({ n: 0 });
      const book = await one<{ held: number; filled: number }>(
        target,
        `select coalesce((select sum(qty) from trader_positions where symbol = 'SPX'), 0)::float8 as held,
                coalesce((select sum(case when side = 'buy' then qty else -qty end) from trader_fills where symbol = 'SPX'), 0)::float8 as filled`,
      );
      expect(book.held).toBe(book.filled);
      const broker = await one<{ held: number; filled: number }>(
        target,
        `select coalesce((select sum(qty) from sim_positions where symbol = 'SPX'), 0)::float8 as held,
                coalesce((select sum(case when side = 'buy' then qty else -qty end) from sim_fills where symbol = 'SPX'), 0)::float8 as filled`,
      );
      expect(broker.held).toBe(broker.filled);
      expect(broker.held).toBe(book.held);
    } finally {
      await target.close();
    }
  }, 180_000);
});
