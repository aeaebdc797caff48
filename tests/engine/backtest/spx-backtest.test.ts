import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/engine/backtest/run-backtest.ts';
import { buyAndHoldBenchmark } from '../../../src/engine/backtest/buy-and-hold.ts';
import { windowFromDates } from '../../../src/engine/backtest/window.ts';
import { buildBacktestJson } from '../../../src/engine/backtest/backtest-json.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import { loadSpx } from '../../fixtures/spx.ts';
import { naiveBacktest } from './naive-backtest.ts';
import { getModel } from '../../../src/registry/catalog.ts';

/** sma-cross-F-S straight from the contract: 1 when SMA_F > SMA_S, else 0; 0 before both exist. */
function smaCross(close: Float64Array, fast: number, slow: number): Float64Array {
  const w = new Float64Array(close.length);
  for (let t = slow - 1; t < close.length; t++) {
    let f = 0;
    let s = 0;
    for (let i = t - slow + 1; i <= t; i++) {
      s += close[i]!;
      if (i > t - fast) f += close[i]!;
    }
    w[t] = f / fast > s / slow ? 1 : 0;
  }
  return w;
}

describe('sma-cross-20-50 on real SPX', () => {
  const bars = loadSpx();
  const w = smaCross(bars.close, 20, 50);

  it('is deterministic and agrees with the naive implementation and the weights it was given', () => {
    const a = runBacktest(bars, w, { costBps: 5 });
    const b = runBacktest(bars, w, { costBps: 5 });
    expect(a.metrics).toEqual(b.metrics);
    expect(a.bars).toBe(5105);
    expect(a.from).toBe('2000-01-03');
    expect(a.to).toBe('2020-04-17');

    const ref = naiveBacktest(bars.open, bars.close, w, 0, bars.length - 1, 100000, 5);
    expect(a.metrics.totalReturn).toBeCloseTo(ref.totalReturn, 9);
    expect(a.metrics.sharpe).toBeCloseTo(ref.sharpe, 9);
    expect(a.metrics.maxDrawdown).toBeCloseTo(ref.maxDrawdown, 12);
    expect(a.metrics.cagr).toBeCloseTo(ref.cagr, 9);

    // Trades are the target changes acted on (t = 0..N-2), exposure the bars after the first whose previous target was
    // nonzero: both follow from the weights alone.
    let changes = 0;
    let held = 0;
    for (let t = 0; t < bars.length - 1; t++) {
      if (w[t] !== (t === 0 ? 0 : w[t - 1])) changes++;
      if (w[t] !== 0) held++;
    }
    expect(a.metrics.trades).toBe(changes);
    expect(a.metrics.exposure).toBeCloseTo(held / bars.length, 15);
    expect(a.metrics.trades).toBeGreaterThan(20);
    expect(a.metrics.exposure).toBeGreaterThan(0.4);
    expect(a.metrics.exposure).toBeLessThan(0.9);
    // Sitting out below the 50-day average keeps it out of most of 2008's fall, unlike buy-and-hold.
    const bh = buyAndHoldBenchmark(bars, { costBps: 5 });
    expect(a.metrics.maxDrawdown).toBeLessThan(bh.metrics.maxDrawdown);
    expect(bh.metrics.totalReturn).toBeCloseTo(bars.close[bars.length - 1]! / bars.open[1]! - 1 - 0.0005, 12);
  });

  it("the catalog's sma-cross-20-50 emits exactly these weights, so its backtest is this one", () => {
    expect(getModel('sma-cross-20-50')!.run({ bars })).toEqual(w);
  });

  it('with --from 2010-01-01 --to 2019-12-31 trades only inside the window', () => {
    const win = windowFromDates(bars, { from: '2010-01-01', to: '2019-12-31' });
    const res = runBacktest(bars, w, win);
    expect(res.from).toBe('2010-01-04');
    expect(res.to).toBe('2019-12-31');
    const ref = naiveBacktest(bars.open, bars.close, w, win.fromIndex, win.toIndex, 100000, 0);
    expect(res.metrics.totalReturn).toBeCloseTo(ref.totalReturn, 9);
    expect(res.equity[0]).toBe(100000);
    expect(res.bars).toBe(win.toIndex - win.fromIndex + 1);
  });

  it('builds the --json document with dates, metrics, benchmark and equity points', () => {
    const win = windowFromDates(bars, { from: '2020-03-01' });
    const result = runBacktest(bars, w, win);
    const benchmark = buyAndHoldBenchmark(bars, win);
    const doc = buildBacktestJson({ model: 'sma-cross-20-50', symbol: 'SPX', bars, result, benchmark, withEquity: true });
    expect(Object.keys(doc)).toEqual(['model', 'symbol', 'from', 'to', 'bars', 'metrics', 'benchmark', 'ruined', 'equity']);
    expect(doc.from).toBe('2020-03-02');
    expect(doc.to).toBe('2020-04-17');
    expect(doc.equity).toHaveLength(doc.bars);
    expect(doc.equity![0]).toEqual({ date: '2020-03-02', equity: 100000, weight: w[win.fromIndex] });
    expect(doc.equity![doc.bars - 1]!.date).toBe('2020-04-17');
    expect(Object.keys(doc.metrics)).toEqual(['totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'trades', 'exposure']);
    expect(doc.benchmark.totalReturn).toBeCloseTo(2874.560059 / bars.open[win.fromIndex + 1]! - 1, 12);
    const plain = buildBacktestJson({ model: 'x', symbol: 'SPX', bars, result, benchmark });
    expect('equity' in plain).toBe(false);
  });
});

describe('windowFromDates', () => {
  const bars = loadSpx();
  it('picks the first bar on or after --from and the last on or before --to', () => {
    const a = windowFromDates(bars, { from: '2000-01-01', to: '2000-01-09' }); // 2000-01-08/09 is a weekend
    expect(a.fromIndex).toBe(0);
    expect(new Date(bars.time[a.toIndex]!).toISOString().slice(0, 10)).toBe('2000-01-07');
    const b = windowFromDates(bars, {});
    expect(b).toEqual({ fromIndex: 0, toIndex: 5104 });
    const c = windowFromDates(bars, { to: '2020-04-17' });
    expect(c.toIndex).toBe(5104);
  });
  it('refuses bad dates and empty windows with a UserError saying what the data covers', () => {
    expect(() => windowFromDates(bars, { from: '2010-02-30' })).toThrow(UserError);
    expect(() => windowFromDates(bars, { from: '10/02/2010' })).toThrow(/--from must be a date written YYYY-MM-DD/);
    expect(() => windowFromDates(bars, { from: '2021-01-01' })).toThrow(/data covers 2000-01-03 to 2020-04-17/);
    expect(() => windowFromDates(bars, { from: '2010-01-09', to: '2010-01-10' })).toThrow(UserError);
    expect(() => windowFromDates(bars, { from: '2010-01-09', to: '2010-01-01' })).toThrow(/after --to/);
  });
});
