import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarRow } from '../../../src/engine/data/bar.ts';
import { BarStore } from '../../../src/engine/data/bar-store.ts';
import { readEmbeddedSpx, readEmbeddedStocks, seedEmbeddedData } from '../../../src/engine/data/embedded-seed.ts';
import { SettingsStore } from '../../../src/engine/settings-store.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

let handle: TestDb;
let store: BarStore;

beforeAll(async () => {
  handle = await openTestDb();
  store = new BarStore(handle.db);
});
afterAll(async () => handle.close());

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('the bar store', () => {
  it('is seeded once from vega-datasets with every row of the files', async () => {
    const settings = new SettingsStore(handle.db);
    expect(await seedEmbeddedData(store, settings)).toBe(true);
    expect(await seedEmbeddedData(store, settings)).toBe(false);
    const summary = await store.summary();
    expect(summary).toEqual([
      { symbol: 'SPX', timeframe: '1d', source: 'vega-datasets', first: '2000-01-03', last: '2020-04-17', count: 5105 },
      { symbol: 'AAPL', timeframe: '1mo', source: 'vega-datasets', first: '2000-01-01', last: '2010-03-01', count: 123 },
      { symbol: 'AMZN', timeframe: '1mo', source: 'vega-datasets', first: '2000-01-01', last: '2010-03-01', count: 123 },
      { symbol: 'GOOG', timeframe: '1mo', source: 'vega-datasets', first: '2004-08-01', last: '2010-03-01', count: 68 },
      { symbol: 'IBM', timeframe: '1mo', source: 'vega-datasets', first: '2000-01-01', last: '2010-03-01', count: 123 },
      { symbol: 'MSFT', timeframe: '1mo', source: 'vega-datasets', first: '2000-01-01', last: '2010-03-01', count: 123 },
    ]);
  });

  it('shows its own writes in the next summary at once (the summary is reused only between writes)', async () => {
    const before = await store.summary();
    expect(before.some((r) => r.symbol === 'FRESH')).toBe(false);
    await store.upsertBars('FRESH', '1d', 'csv', [{ time: day('2021-01-04'), open: 1, high: 2, low: 1, close: 2, volume: 10 }]);
    expect((await store.summary()).find((r) => r.symbol === 'FRESH')).toEqual({ symbol: 'FRESH', timeframe: '1d', source: 'csv', first: '2021-01-04', last: '2021-01-04', count: 1 });
    // A caller changing the returned rows cannot change what the next caller reads.
    (await store.summary())[0]!.count = -1;
    expect((await store.summary())[0]!.count).toBeGreaterThan(0);
  });

  it('reads a range into typed arrays exactly as stored', async () => {
    const spx = readEmbeddedSpx();
    const all = await store.readBars('SPX', '1d');
    expect(all.length).toBe(5105);
    expect(all.close).toBeInstanceOf(Float64Array);
    expect(all.close[5104]).toBe(2874.560059);
    expect(all.open[0]).toBe(spx[0]!.open);
    expect(all.time[0]).toBe(day('2000-01-03'));
    const window = await store.readBars('SPX', '1d', { from: day('2010-01-01'), to: day('2010-01-31') });
    expect(window.length).toBe(19);
    expect(new Date(window.time[0]!).toISOString().slice(0, 10)).toBe('2010-01-04');
    expect(await store.lastBarTime('SPX', '1d')).toBe(day('2020-04-17'));
    expect(await store.lastBarTime('NOPE', '1d')).toBeNull();
  });

  it('keeps close-only monthly data without inventing open, high, low or volume', async () => {
    const msft = await store.readBars('MSFT', '1mo');
    const rows = readEmbeddedStocks().get('MSFT')!;
    expect(msft.length).toBe(123);
    expect(msft.close[0]).toBe(39.81);
    expect(msft.close[122]).toBe(rows[122]!.close);
    expect(Number.isNaN(msft.open[0]!)).toBe(true);
    expect(Number.isNaN(msft.volume[0]!)).toBe(true);
  });

  it('counts inserts, updates and unchanged rows; writing the same bars twice changes nothing', async () => {
    const rows: BarRow[] = [
      { time: day('2024-01-02'), open: 10, high: 11, low: 9, close: 10.5, volume: 100 },
      { time: day('2024-01-03'), open: 10.5, high: 12, low: 10, close: 11.5, volume: 200 },
    ];
    expect(await store.upsertBars('TEST', '1d', 'csv', rows)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await store.upsertBars('TEST', '1d', 'csv', rows)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    const changed = [{ ...rows[0]! }, { ...rows[1]!, close: 11.75 }, { time: day('2024-01-04'), open: 11.75, high: 12, low: 11, close: 11.8, volume: 50 }];
    expect(await store.upsertBars('TEST', '1d', 'csv', changed)).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
    const read = await store.readBars('TEST', '1d');
    expect(Array.from(read.close)).toEqual([10.5, 11.75, 11.8]);
  });

  it('imports are idempotent for any set of bars (property)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        async (days, base) => {
          const symbol = `P${n++}`;
          const rows = days.map((d) => ({ time: Date.UTC(2020, 0, 1) + d * 86_400_000, open: base, high: base * 1.01, low: base * 0.99, close: base, volume: d }));
          const first = await store.upsertBars(symbol, '1d', 'csv', rows);
          const second = await store.upsertBars(symbol, '1d', 'csv', [...rows].reverse());
          const read = await store.readBars(symbol, '1d');
          return first.inserted === rows.length && second.unchanged === rows.length && second.inserted === 0 && read.length === rows.length;
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('the bar store written in batches', () => {
  const hour = (i: number) => Date.UTC(2022, 0, 1) + i * 3_600_000;
  const bar = (i: number, close: number): BarRow => ({ time: hour(i), open: close, high: close + 1, low: close - 1, close, volume: i });

  it('writes every batch in one transaction, and none of them when the source fails part-way', async () => {
    async function* failing() {
      yield [bar(0, 5), bar(1, 6)];
      yield [bar(2, 7)];
      throw new Error('the file went away');
    }
    await expect(store.upsertBarBatches('BATCH', '1h', 'csv', failing())).rejects.toThrow('the file went away');
    expect((await store.readBars('BATCH', '1h')).length).toBe(0);

    async function* whole() {
      yield [bar(0, 5), bar(1, 6)];
      yield [bar(3, 8), bar(2, 7)]; // a batch out of order is matched by its exact times
      yield [bar(1, 6), bar(4, 9)];
    }
    expect(await store.upsertBarBatches('BATCH', '1h', 'csv', whole())).toEqual({ inserted: 5, updated: 0, unchanged: 1 });
    expect(Array.from((await store.readBars('BATCH', '1h')).close)).toEqual([5, 6, 7, 8, 9]);
    expect(await store.upsertBarBatches('BATCH', '1h', 'csv', [[bar(4, 9.5), bar(2, 7)]])).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect(Array.from((await store.readBars('BATCH', '1h')).close)).toEqual([5, 6, 7, 8, 9.5]);
  });
});
