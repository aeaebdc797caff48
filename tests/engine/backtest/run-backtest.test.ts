import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runBacktest } from '../../../src/engine/backtest/run-backtest.ts';
import { buyAndHoldBenchmark } from '../../../src/engine/backtest/buy-and-hold.ts';
import { equityMetrics } from '../../../src/engine/backtest/metrics.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import type { BarSeries } from '../../../src/registry/model.ts';
import { naiveBacktest } from './naive-backtest.ts';
import { isoDate } from '../../../src/calendar/dates.ts';

const DAY = 86_400_000;
function makeBars(open: number[], close: number[]): BarSeries {
  const n = open.length;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = Date.UTC(2021, 0, 4) + i * DAY;
  return {
    length: n,
    time,
    open: Float64Array.from(open),
    high: Float64Array.from(open.map((o, i) => Math.max(o, close[i]!))),
    low: Float64Array.from(open.map((o, i) => Math.min(o, close[i]!))),
    close: Float64Array.from(close),
    volume: new Float64Array(n),
  };
}

// Five bars, long then short half then flat, 10 bps, capital 1000.
const hand = makeBars([100, 102, 99, 105, 110], [101, 100, 104, 108, 107]);
const handWeights = Float64Array.from([1, 1, -0.5, -0.5, 0]);

describe('runBacktest on a hand-computed series', () => {
  it('matches cash, shares and equity worked out by hand, with costs and a short', () => {
    const res = runBacktest(hand, handWeights, { capital: 1000, costBps: 10 });
    // Bar 0: nothing held (w[-1] = 0 at the window's start); E0 = C0 = 1000.
    // Bar 1: w[0]=1 != 0 -> buy at open 102: shares = 1000/102 = 9.80392156862745; notional 1000, cost 1 -> cash -1.
    //        E1 = -1 + 9.80392156862745 * 100 = 979.392156862745
    const s1 = 1000 / 102;
    const cash1 = 1000 - s1 * 102 - 0.001 * s1 * 102;
    expect(cash1).toBeCloseTo(-1, 12);
    // Bar 2: w[1]=1 == w[0]: no order. E2 = -1 + s1 * 104 = 1018.607843137255
    // Bar 3: w[2]=-0.5 != 1 -> at open 105: E_open = -1 + s1*105 = 1028.4117647058824,
    //        shares = -0.5 * 1028.4117647058824 / 105 = -4.897198879551821, traded -14.70112044817927 shares,
    //        notional 1543.6176470588236, cost 1.5436176470588236 -> cash = -1 + 1543.6176... - 1.5436... = 1541.0740294117647
    //        E3 = 1541.0740294117647 - 4.897198879551821 * 108 = 1012.176550420168
    // Bar 4: w[3] == w[2]: no order. E4 = 1541.0740294117647 - 4.897198879551821 * 107 = 1017.0737492997199
    //        (w[4] = 0 would trade at the open of a bar outside the window: no order.)
    const expected = [1000, 979.392156862745, 1018.607843137255, 1012.176550420168, 1017.0737492997199];
    for (let k = 0; k < 5; k++) expect(res.equity[k]).toBeCloseTo(expected[k]!, 9);
    expect(res.metrics.totalReturn).toBeCloseTo(0.0170737492997199, 12);
    expect(res.metrics.trades).toBe(2);
    expect(res.metrics.exposure).toBe(4 / 5); // shares held after closes 1..4
    // Drawdown: the only fall from a peak is 1000 -> 979.392...: 1 - 979.392156862745/1000
    expect(res.metrics.maxDrawdown).toBeCloseTo(0.020607843137255, 12);
    // Returns r = E[t]/E[t-1]-1 for t=1..4, sample std, times sqrt(252).
    const r = expected.slice(1).map((e, i) => e / expected[i]! - 1);
    const mean = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    expect(res.metrics.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 9);
    expect(res.metrics.sharpe).toBeCloseTo(2.7528501650816875, 9);
    // CAGR over N = 5 bars: (E4/C0)^(252/4) - 1
    expect(res.metrics.cagr).toBeCloseTo(1.9053874364363028, 9);
    expect(res.from).toBe('2021-01-04');
    expect(res.to).toBe('2021-01-08');
    expect(Array.from(res.weights)).toEqual([1, 1, -0.5, -0.5, 0]);
  });

  it('starts flat at the window start and ignores targets before it', () => {
    const res = runBacktest(hand, handWeights, { fromIndex: 2, capital: 1000, costBps: 10 });
    // Window = bars 2..4. Bar 2: E = 1000 whatever w[1] said.
    // Bar 3: w[2] = -0.5 != w[-1] = 0 -> at open 105: shares = -0.5*1000/105 = -4.761904761904762,
    //        proceeds 500, cost 0.5 -> cash 1499.5; E3 = 1499.5 - 4.761904761904762*108 = 985.2142857142857
    // Bar 4: no change; E4 = 1499.5 - 4.761904761904762*107 = 989.9761904761905
    expect(Array.from(res.equity)).toHaveLength(3);
    expect(res.equity[0]).toBe(1000);
    expect(res.equity[1]).toBeCloseTo(985.2142857142857, 9);
    expect(res.equity[2]).toBeCloseTo(989.9761904761905, 9);
    expect(res.metrics.trades).toBe(1);
    expect(res.metrics.exposure).toBeCloseTo(2 / 3, 15);
    expect(res.metrics.maxDrawdown).toBeCloseTo(1 - 985.2142857142857 / 1000, 12);
    expect(res.bars).toBe(3);
    expect(res.from).toBe('2021-01-06');
  });

  it('metrics from the equity series alone agree with the loop', () => {
    const res = runBacktest(hand, handWeights, { capital: 1000, costBps: 10 });
    const m = equityMetrics(res.equity, 1000, res.metrics.trades, 4);
    for (const k of Object.keys(m) as (keyof typeof m)[]) expect(m[k]).toBeCloseTo(res.metrics[k], 12);
  });

  it('refuses bad weights and empty windows with clear errors', () => {
    const nanW = Float64Array.from([0, NaN, 0, 0, 0]);
    expect(() => runBacktest(hand, nanW)).toThrow(/weight NaN on 2021-01-05 \(bar 1\) is outside \[-1, 1\]/);
    expect(() => runBacktest(hand, Float64Array.from([0, 0, 1.5, 0, 0]))).toThrow(/weight 1.5 on 2021-01-06/);
    expect(() => runBacktest(hand, new Float64Array(4))).toThrow(/4 weights for 5 bars/);
    expect(() => runBacktest(hand, handWeights, { fromIndex: 4, toIndex: 3 })).toThrow(UserError);
    expect(() => runBacktest(hand, handWeights, { capital: 0 })).toThrow(UserError);
    expect(() => runBacktest(hand, handWeights, { costBps: -1 })).toThrow(UserError);
  });

  it('a one-bar window holds nothing and has zero metrics', () => {
    const res = runBacktest(hand, handWeights, { fromIndex: 3, toIndex: 3 });
    expect(res.metrics).toEqual({ totalReturn: 0, cagr: 0, sharpe: 0, maxDrawdown: 0, trades: 0, exposure: 0 });
  });
});

describe('buyAndHoldBenchmark', () => {
  it('returns close[last]/open[second bar] - 1 - cost', () => {
    // Bought at the open of the window's second bar with all equity: shares = C0/open[f+1], cash = -c*C0;
    // E[last] = C0*close[last]/open[f+1] - c*C0, so totalReturn = close[last]/open[f+1] - 1 - c.
    const res = buyAndHoldBenchmark(hand, { fromIndex: 1, costBps: 25 });
    expect(res.metrics.totalReturn).toBeCloseTo(107 / 99 - 1 - 0.0025, 12);
    expect(res.metrics.trades).toBe(1);
    expect(res.metrics.exposure).toBe(3 / 4);
  });
});

describe('runBacktest against an independent naive implementation', () => {
  it('agrees on random prices, weights, windows and costs', () => {
    const weightArb = fc.constantFrom(-1, -0.5, 0, 0, 0.25, 1, 1);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1, max: 500, noNaN: true }), fc.double({ min: 0.9, max: 1.1, noNaN: true }), weightArb), {
          minLength: 2,
          maxLength: 60,
        }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 100 }),
        (rows, a, b, costBps) => {
          const open = rows.map((r) => r[0]);
          const close = rows.map((r) => r[0] * r[1]);
          const w = Float64Array.from(rows.map((r) => r[2]));
          const n = rows.length;
          const from = a % n;
          const to = from + (b % (n - from));
          const res = runBacktest(makeBars(open, close), w, { fromIndex: from, toIndex: to, costBps, capital: 5000 });
          const ref = naiveBacktest(open, close, w, from, to, 5000, costBps);
          expect(res.equity.length).toBe(ref.equity.length);
          ref.equity.forEach((e, i) => expect(Math.abs(res.equity[i]! - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e))));
          for (const k of ['totalReturn', 'maxDrawdown', 'exposure', 'trades'] as const) {
            expect(Math.abs(res.metrics[k] - ref[k])).toBeLessThanOrEqual(1e-9);
          }
          if (Number.isNaN(ref.sharpe)) expect(res.ruined && Number.isNaN(res.metrics.sharpe)).toBe(true);
          else expect(Math.abs(res.metrics.sharpe - ref.sharpe)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref.sharpe)));
          if (Number.isFinite(ref.cagr)) {
            expect(Math.abs(res.metrics.cagr - ref.cagr)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(ref.cagr)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ruin', () => {
  it('ends trading when equity reaches zero: flat after, ruined with the date, no Sharpe', () => {
    // Short 100% from the second bar's open at 100; the price doubles to 200 by the fourth close: equity 0.
    const open = [100, 100, 150, 190, 210, 150, 100];
    const close = [100, 120, 180, 200, 205, 140, 90];
    const w = Float64Array.from([-1, -1, -1, -1, -1, -1, -1]);
    const res = runBacktest(makeBars(open, close), w, { capital: 1000 });
    expect(res.ruined).toBe(true);
    expect(res.ruinedOn).toBe(isoDate(Date.UTC(2021, 0, 7)));
    expect(res.equity[3]).toBeCloseTo(0, 9);
    // Flattened at the next open (equity there is negative) and flat after: the later price falls change nothing.
    expect(res.equity[5]).toBe(res.equity[4]);
    expect(res.equity[6]).toBe(res.equity[4]);
    expect([...res.weights]).toEqual([-1, -1, -1, 0, 0, 0, 0]);
    expect(res.metrics.sharpe).toBeNaN();
    expect(res.metrics.trades).toBe(2);
  });

  it('never buys with negative equity when a short gaps through zero at an open', () => {
    // Short 100% at 100; the target changes to -0.5 after a close at 150 (equity 500), and the next open is 260:
    // equity at that open is -600, so the order flattens instead of buying shares.
    const open = [100, 100, 120, 260, 250];
    const close = [100, 110, 150, 255, 240];
    const w = Float64Array.from([-1, -1, -0.5, -0.5, -0.5]);
    const res = runBacktest(makeBars(open, close), w, { capital: 1000 });
    expect(res.ruined).toBe(true);
    expect(res.ruinedOn).toBe(isoDate(Date.UTC(2021, 0, 7)));
    expect(res.equity[3]).toBeCloseTo(-600, 9);
    expect(res.equity[4]).toBe(res.equity[3]);
    expect(res.metrics.exposure).toBe(2 / 5);
  });

  it('leaves a run that never reaches zero exactly as before', () => {
    const open = [100, 101, 99, 103];
    const close = [100, 100, 102, 104];
    const res = runBacktest(makeBars(open, close), Float64Array.from([1, 1, 0, 0]));
    expect(res.ruined).toBe(false);
    expect(res.ruinedOn).toBeNull();
    expect(Number.isFinite(res.metrics.sharpe)).toBe(true);
  });
});
