// `mltrainer backtest` as a user runs it on the embedded data: the monthly stocks (close-only) pick their timeframe
// and fill at the next close with a note added to the contract's keys, and a model the data cannot serve (a FRED
// series not pulled) is refused with one line. (The rest is covered in process by tests/agent/backtest-data-limits.)
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { naiveBacktest } from '../engine/backtest/naive-backtest.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { runCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  home = await seededHome('mlt-backtest-cli-');
  scratch = await createScratchDatabase();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0' };
});
afterAll(async () => {
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

/** AAPL's monthly closes straight from vega-datasets' stocks.csv (the file the store is seeded from), oldest first. */
function aaplCloses(): number[] {
  const file = new URL('../data/stocks.csv', import.meta.resolve('vega-datasets'));
  const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as { symbol: string; date: string; price: string }[];
  return rows
    .filter((r) => r.symbol === 'AAPL')
    .map((r) => ({ t: Date.parse(`${r.date} UTC`), c: Number(r.price) }))
    .sort((a, b) => a.t - b.t)
    .map((r) => r.c);
}

const CONTRACT_KEYS = ['model', 'symbol', 'from', 'to', 'bars', 'metrics', 'benchmark', 'ruined'];

describe('mltrainer backtest', () => {
  it('backtests a monthly close-only symbol on its own timeframe, filling at the next close, with a note', async () => {
    const r = await runCli(['backtest', '--model', 'buy-and-hold', '--symbol', 'AAPL', '--cost-bps', '5', '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual([...CONTRACT_KEYS, 'note']);
    expect(doc).toMatchObject({ model: 'buy-and-hold', symbol: 'AAPL', from: '2000-01-01', to: '2010-03-01', bars: 123 });
    expect(doc.note).toBe("AAPL has monthly closes only, so orders fill at the next bar's close, not its open.");
    // Bought at the close of the second month with all equity, less 5 bps.
    const close = aaplCloses();
    const hand = naiveBacktest(close, close, new Float64Array(close.length).fill(1), 0, close.length - 1, 100_000, 5, 12);
    expect(doc.metrics.totalReturn).toBeCloseTo(close[122]! / close[1]! - 1 - 0.0005, 12);
    // Annualised over 12 monthly bars a year, not 252.
    expect(doc.metrics.cagr).toBeCloseTo((1 + doc.metrics.totalReturn) ** (12 / 122) - 1, 12);
    for (const key of ['totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'trades', 'exposure'] as const) {
      expect(doc.metrics[key]).toBeCloseTo(hand[key], 9);
    }
  });

  it('refuses a macro model whose series is not stored, in one line', async () => {
    const macro = await runCli(['backtest', '--model', 'yield-curve-timing-10y3m-1', '--symbol', 'SPX'], { env });
    expect(macro.code).not.toBe(0);
    expect(macro.stdout).toBe('');
    expect(macro.stderr).toBe(
      'mltrainer: yield-curve-timing-10y3m-1 needs the FRED series DGS10 and DGS3MO; neither is in the store yet. Pull them with ' +
        '`mltrainer data pull --source fred --series DGS10` and `mltrainer data pull --source fred --series DGS3MO` (FRED_API_KEY must be set).\n',
    );
  });
});
