// Pull orchestration: date checks and defaults, with a recorded source instead of a provider.
import { describe, expect, it } from 'vitest';
import type { BarRow, Timeframe } from '../../../../src/engine/data/bar.ts';
import type { MarketDataSource } from '../../../../src/engine/data/sources/market-data-source.ts';
import { pullBars } from '../../../../src/engine/data/sources/pull.ts';
import { UserError } from '../../../../src/engine/user-error.ts';
import { MemoryBarSink } from './memory-sinks.ts';

/** Remembers what it was asked and answers nothing: the tests here are about what a pull asks for. */
class RecordingSource implements MarketDataSource {
  readonly name = 'polygon' as const;
  readonly asked: Array<[string, Timeframe, string, string]> = [];
  async fetchBars(symbol: string, timeframe: Timeframe, from: string, to: string): Promise<BarRow[]> {
    this.asked.push([symbol, timeframe, from, to]);
    return [];
  }
  async close(): Promise<void> {}
}

const clockNow = () => Date.parse('2024-07-02T03:00:00Z'); // still July 1st in New York

describe('pullBars', () => {
  it('defaults `to` to today in New York and a new symbol to two years back', async () => {
    const source = new RecordingSource();
    const result = await pullBars({ source, sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', clockNow });
    expect(source.asked).toEqual([['AAPL', '1d', '2022-07-02', '2024-07-01']]);
    expect(result).toMatchObject({ from: '2022-07-02', to: '2024-07-01', fetched: 0, inserted: 0 });
  });

  it('asks nothing when the store is already up to date', async () => {
    const source = new RecordingSource();
    const sink = new MemoryBarSink();
    await sink.upsertBars('AAPL', '1d', 'polygon', [{ time: Date.parse('2024-07-01T00:00:00Z'), open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    const result = await pullBars({ source, sink, symbol: 'AAPL', timeframe: '1d', clockNow });
    expect(source.asked).toEqual([]);
    expect(result).toMatchObject({ from: null, fetched: 0, inserted: 0 });
  });

  it('refuses malformed dates and a window that ends before it starts', async () => {
    const args = { source: new RecordingSource(), sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d' as const, clockNow };
    await expect(pullBars({ ...args, from: '2024-02-30' })).rejects.toThrow(new UserError('--from must be a date written YYYY-MM-DD, not "2024-02-30"'));
    await expect(pullBars({ ...args, from: '2024-05-01', to: '2024-04-01' })).rejects.toThrow(new UserError('--from 2024-05-01 is after --to 2024-04-01'));
  });
});
