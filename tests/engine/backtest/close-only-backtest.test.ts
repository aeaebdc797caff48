// Close-only data (monthly closes, no opens): the backtest fills at the next bar's close instead of its open, worked
// out by hand and against the naive implementation; data with opens and one gap in them is refused at that bar.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buyAndHoldBenchmark } from '../../../src/engine/backtest/buy-and-hold.ts';
import { fillPriceOf } from '../../../src/engine/backtest/fill-prices.ts';
import { runBacktest } from '../../../src/engine/backtest/run-backtest.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import type { BarSeries } from '../../../src/registry/model.ts';
import { naiveBacktest } from './naive-backtest.ts';

const DAY = 86_400_000;
function bars(close: number[], open?: number[]): BarSeries {
  const n = close.length;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = Date.UTC(2021, 0, 4) + i * DAY;
  const none = new Float64Array(n).fill(NaN);
  return {
    length: n,
    time,
    open: open ? Float64Array.from(open) : none,
    high: none,
    low: none,
    close: Float64Array.from(close),
    volume: none,
  };
}

const closeOnly = bars([101, 100, 104, 108, 107]);
const weights = Float64Array.from([1, 1, -0.5, -0.5, 0]);

describe('runBacktest on close-only bars', () => {
  it('fills the target decided after close t at close t+1, by hand', () => {
    const res = runBacktest(closeOnly, weights, { capital: 1000, costBps: 10 });
    expect(res.fillsAt).toBe('close');
    // Bar 0: E0 = C0 = 1000.
    // Bar 1: w[0]=1 != 0 -> buy at close 100: shares 10, notional 1000, cost 1 -> cash -1; E1 = -1 + 10*100 = 999
    // Bar 2: no change; E2 = -1 + 10*104 = 1039
    // Bar 3: w[2]=-0.5 != 1 -> at close 108: E = -1 + 1080 = 1079, shares = -0.5*1079/108 = -539.5/108,
    //        sold 1619.5 of notional, cost 1.6195 -> cash = -1 + 1619.5 - 1.6195 = 1616.8805; E3 = 1616.8805 - 539.5
    // Bar 4: no change; E4 = 1616.8805 - 539.5*107/108
    const expected = [1000, 999, 1039, 1077.3805, 1616.8805 - (539.5 * 107) / 108];
    for (let k = 0; k < 5; k++) expect(res.equity[k]).toBeCloseTo(expected[k]!, 9);
    expect(res.metrics.totalReturn).toBeCloseTo(expected[4]! / 1000 - 1, 12);
    expect(res.metrics.trades).toBe(2);
    expect(res.metrics.exposure).toBe(4 / 5);
    expect(res.metrics.maxDrawdown).toBeCloseTo(1 - 999 / 1000, 12);
  });

  it('buys and holds from the close of the window\'s second bar', () => {
    const res = buyAndHoldBenchmark(closeOnly, { fromIndex: 1, costBps: 25 });
    // Bought at close 104 with all equity: E[last] = C0*107/104 - c*C0.
    expect(res.metrics.totalReturn).toBeCloseTo(107 / 104 - 1 - 0.0025, 12);
    expect(res.fillsAt).toBe('close');
  });

  it('agrees with the naive implementation given the closes as its fill prices', () => {
    const weightArb = fc.constantFrom(-1, -0.5, 0, 0, 0.25, 1, 1);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1, max: 500, noNaN: true }), weightArb), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 0, max: 100 }),
        (rows, costBps) => {
          const close = rows.map((r) => r[0]);
          const w = Float64Array.from(rows.map((r) => r[1]));
          const res = runBacktest(bars(close), w, { capital: 10_000, costBps });
          const naive = naiveBacktest(close, close, w, 0, close.length - 1, 10_000, costBps);
          // Relative: equity can grow to ~1e9 over 40 bars of random closes, where 1e-6 absolute is below rounding.
          naive.equity.forEach((e, k) => expect(Math.abs(res.equity[k]! - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e))));
          expect(res.metrics.trades).toBe(naive.trades);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('fill prices', () => {
  it('are the opens whenever any bar has one', () => {
    expect(fillPriceOf(bars([1, 2, 3], [NaN, 2, 3]))).toBe('open');
    expect(fillPriceOf(closeOnly)).toBe('close');
  });

  it('refuses, naming the bar, an order that falls on a gap in stored opens', () => {
    const gappy = bars([101, 100, 104, 108, 107], [100, NaN, 99, 105, 110]);
    expect(() => runBacktest(gappy, weights)).toThrow(UserError);
    expect(() => runBacktest(gappy, weights)).toThrow('The bar of 2021-01-05 has no valid open price (NaN), so the backtest cannot fill the order there.');
  });
});
