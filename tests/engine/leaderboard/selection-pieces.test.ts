import { describe, expect, it } from 'vitest';
import { chooseCommonWindow } from '../../../src/engine/leaderboard/common-window.ts';
import { equityReturns } from '../../../src/engine/leaderboard/equity-returns.ts';
import { nestedSelection } from '../../../src/engine/leaderboard/nested-selection.ts';
import { oosSelection, periodSharpe } from '../../../src/engine/leaderboard/oos-selection.ts';
import { tradedWeights } from '../../../src/engine/leaderboard/traded-weights.ts';
import type { BarSeries } from '../../../src/registry/model.ts';

function dailyBars(n: number, start = Date.UTC(2010, 0, 4)): BarSeries {
  const time = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = start + i * 86_400_000;
    close[i] = 100 + i;
  }
  return { length: n, time, open: close, high: close, low: close, close, volume: new Float64Array(n) };
}

describe('the common window', () => {
  it('starts where every included model can trade and lists late starters apart', () => {
    const bars = dailyBars(1000);
    const w = chooseCommonWindow(bars, [
      { modelId: 'a', firstIndex: 20 },
      { modelId: 'b', firstIndex: 252 },
      { modelId: 'late', firstIndex: 600 },
    ]);
    expect(w.fromIndex).toBe(252);
    expect(w.toIndex).toBe(999);
    expect(w.included).toEqual(['a', 'b']);
    expect(w.excluded).toEqual([{ model: 'late', reason: expect.stringContaining('600 bars of warm-up') }]);
  });

  it('with a start date, keeps the models that can trade from it', () => {
    const bars = dailyBars(1000);
    const w = chooseCommonWindow(bars, [{ modelId: 'a', firstIndex: 20 }, { modelId: 'b', firstIndex: 400 }], { from: '2010-06-01' });
    expect(w.fromIndex).toBe(148);
    expect(w.included).toEqual(['a']);
    expect(w.excluded[0]!.reason).toMatch(/after the window's start/);
  });

  it('refuses a window too short to rank', () => {
    expect(() => chooseCommonWindow(dailyBars(1000), [{ modelId: 'a', firstIndex: 20 }], { from: '2012-09-01' })).toThrow(/at least 60/);
  });
});

describe('traded weights', () => {
  it('trades a forecast by its sign and a position as it is, flat where there is no signal', () => {
    expect([...tradedWeights('forecast', Float64Array.from([NaN, 0.01, -0.002, 0]))]).toEqual([0, 1, -1, 0]);
    expect([...tradedWeights('position', Float64Array.from([0, 0.5, -1, NaN]))]).toEqual([0, 0.5, -1, 0]);
  });
});

describe('equity returns and period Sharpe ratios', () => {
  it('are the close-to-close returns and the annualised sample Sharpe', () => {
    const r = equityReturns(Float64Array.from([100, 110, 99]));
    expect(r[0]).toBeCloseTo(0.1, 15);
    expect(r[1]).toBeCloseTo(-0.1, 15);
    const x = Float64Array.from([0.01, 0.02, -0.01, 0.03]);
    const mean = 0.0125;
    const sd = Math.sqrt(((0.01 - mean) ** 2 + (0.02 - mean) ** 2 + (-0.01 - mean) ** 2 + (0.03 - mean) ** 2) / 3);
    expect(periodSharpe(x, 0, 3, 252)).toBeCloseTo((mean / sd) * Math.sqrt(252), 12);
    expect(periodSharpe(new Float64Array(5), 0, 4, 252)).toBe(0);
  });
});

describe('out-of-sample selection', () => {
  const dates: string[] = [];
  for (let y = 2010; y <= 2013; y++) for (let d = 1; d <= 30; d++) dates.push(`${y}-01-${String(d).padStart(2, '0')}`);

  it("follows each year's winner into the next year", () => {
    // Model a wins in even years, b in odd years: every winner is last the next year, and the ranks anti-correlate.
    const a = new Float64Array(dates.length);
    const b = new Float64Array(dates.length);
    dates.forEach((d, k) => {
      const even = Number(d.slice(0, 4)) % 2 === 0;
      const wiggle = k % 2 === 0 ? 0.001 : -0.0005;
      a[k] = (even ? 0.002 : -0.001) + wiggle;
      b[k] = (even ? -0.001 : 0.002) + wiggle;
    });
    const o = oosSelection(['a', 'b'], [a, b], dates, 252);
    expect(o.pairs.map((p) => [p.inSample.from.slice(0, 4), p.winner, p.outOfSampleRank])).toEqual([
      ['2010', 'a', 2],
      ['2011', 'b', 2],
      ['2012', 'a', 2],
    ]);
    expect(o.meanRankCorrelation).toBeCloseTo(-1, 12);
    expect(o.winnersInTopHalf).toBe(0);
  });

  it('chooses on the lookback only, never on the period it is scored on', () => {
    // a is best before bar 60 and worst after it; the choice made at bar 60 must be a all the same.
    const n = 90;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const wiggle = k % 2 === 0 ? 0.001 : -0.0005;
      a[k] = (k < 60 ? 0.002 : -0.003) + wiggle;
      b[k] = wiggle;
    }
    const days = Array.from({ length: n }, (_, k) => `d${String(k).padStart(3, '0')}`);
    const s = nestedSelection(['a', 'b'], [a, b], new Float64Array(n).fill(0.0001), days, { lookbackBars: 60, holdBars: 30, periodsPerYear: 252 });
    expect(s.steps).toHaveLength(1);
    expect(s.steps[0]!).toMatchObject({ pick: 'a', decidedOn: 'd059', heldFrom: 'd060', heldTo: 'd089' });
    expect(s.totalReturn).toBeCloseTo(a.subarray(60).reduce((g, r) => g * (1 + r), 1) - 1, 12);
    expect(s.sharpe!).toBeLessThan(0);
  });
});
