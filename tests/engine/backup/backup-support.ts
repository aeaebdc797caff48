// Shared by the backup tests: an app on a given database with a fixed clock, a paper book with a few orders, what
// the bot answers about that book, and every table's row count and checksum.
import { backupTables } from '../../../src/engine/backup/backup-tables.ts';
import { digestTable, fixTextOutput } from '../../../src/engine/backup/table-rows.ts';
import type { DbHandle } from '../../../src/engine/db/database.ts';
import type { App } from '../../../src/main.ts';
import { createTestApp } from '../../support/test-app.ts';
import { ManualClock } from '../../support/manual-clock.ts';

/** Every test reads the book at the same instant, so "held" and the data-age lines read the same before and after. */
export const clock = new ManualClock(Date.parse('2026-06-01T16:00:00Z'));

export async function appOn(db: DbHandle): Promise<App & { home: string }> {
  return createTestApp({}, { db, clock, withTrading: true });
}

/** Two buys and a sell of SPX filled, and a buy limit resting below the market. */
export async function placeOrders(app: App): Promise<void> {
  const trader = app.trader!;
  for (const [side, qty, key] of [['buy', 5, 'b1'], ['buy', 3, 'b2'], ['sell', 2, 's1']] as const) {
    const r = await trader.placeOrder({ symbol: 'SPX', side, qty, type: 'market', decisionKey: `backup-test:${key}`, confirmed: true });
    if (!r.ok || r.fills.length === 0) throw new Error(`order ${key} did not fill: ${JSON.stringify(r.refusal)}`);
  }
  const resting = await trader.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'limit', limitPrice: 2000, decisionKey: 'backup-test:l1', confirmed: true });
  if (!resting.ok) throw new Error('the limit order was refused');
}

/** What the console chat answers about the book. */
export async function bookAnswers(app: App): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const text of ['/positions', '/balance', '/pnl all', '/orders']) {
    const r = await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text });
    out[text] = r.replies.map((x) => `${x.text}\n${x.code ?? ''}`).join('\n');
  }
  return out;
}

/** Every table's rows and checksum, read the way a backup reads them. */
export async function digests(handle: DbHandle): Promise<Record<string, { rows: number; sha256: string }>> {
  return handle.db.transaction(async (tx) => {
    await fixTextOutput(tx);
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const t of backupTables()) out[t.name] = await digestTable(tx, t);
    return out;
  });
}
