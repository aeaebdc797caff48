// Shared set-up of the trader tests: a fresh test database with real SPX daily bars (the embedded vega-datasets
// file) and, when asked, the embedded monthly closes of a stock, plus a memory notifier.
import { ManualClock } from '../../support/manual-clock.ts';
import { BarStore } from '../../../src/engine/data/bar-store.ts';
import type { BarRow } from '../../../src/engine/data/bar.ts';
import { readEmbeddedSpx, readEmbeddedStocks } from '../../../src/engine/data/embedded-seed.ts';
import { MemoryNotifier } from '../../../src/engine/notify/notifier.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

export const SPX: BarRow[] = readEmbeddedSpx();
export const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
export const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface Fixture {
  handle: TestDb;
  bars: BarStore;
  notifier: MemoryNotifier;
  clock: ManualClock;
}

/** The SPX bars from `from` on (a small window keeps the tests fast), and the monthly AAPL closes if `stocks`. */
export async function fixture(opts: { from?: string; clock: number; stocks?: boolean }): Promise<Fixture> {
  const handle = await openTestDb();
  const bars = new BarStore(handle.db);
  const from = day(opts.from ?? '2020-01-02');
  await bars.upsertBars('SPX', '1d', 'vega-datasets', SPX.filter((b) => b.time >= from));
  if (opts.stocks) await bars.upsertBars('AAPL', '1mo', 'vega-datasets', readEmbeddedStocks().get('AAPL')!);
  return { handle, bars, notifier: new MemoryNotifier(), clock: new ManualClock(opts.clock) };
}

/** The SPX bar of a date. */
export function spxOn(date: string): BarRow {
  const b = SPX.find((x) => x.time === day(date));
  if (!b) throw new Error(`no SPX bar on ${date}`);
  return b;
}
