import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, logGamma } from '../../../src/engine/evaluate/chi-square.ts';
import { kupiecPof, scoreRisk } from '../../../src/engine/evaluate/score-risk.ts';
import { scoreForecast } from '../../../src/engine/evaluate/score-forecast.ts';
import { scoreVolatility } from '../../../src/engine/evaluate/score-volatility.ts';
import { scoreRegime } from '../../../src/engine/evaluate/score-regime.ts';
import { scorePosition } from '../../../src/engine/evaluate/score-position.ts';
import { scoreModelOutput } from '../../../src/engine/evaluate/score-model-output.ts';
import { averageRanks, spearman } from '../../../src/engine/evaluate/rank-correlation.ts';
import { runBacktest } from '../../../src/engine/backtest/run-backtest.ts';
import type { BarSeries } from '../../../src/registry/model.ts';

// Five bars; next-bar returns r[t] = close[t+1]/close[t] - 1 are 0.1, -0.1, 0, 0.1.
const close = [100, 110, 99, 99, 108.9];
const open = [100, 105, 104, 98, 100];
const bars: BarSeries = {
  length: 5,
  time: Float64Array.from([0, 1, 2, 3, 4].map((i) => Date.UTC(2022, 2, 7 + i))),
  open: Float64Array.from(open),
  high: Float64Array.from(close.map((c, i) => Math.max(c, open[i]!))),
  low: Float64Array.from(close.map((c, i) => Math.min(c, open[i]!))),
  close: Float64Array.from(close),
  volume: new Float64Array(5),
};
const f64 = (xs: number[]) => Float64Array.from(xs);

describe('chi-square survival', () => {
  // Reference p-values from Python's math.erfc: for 1 dof, P(X > x) = erfc(sqrt(x/2)).
  it('matches the 5% and 1% critical values of one degree of freedom', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(6.634896601021214, 1)).toBeCloseTo(0.01, 12);
    expect(chiSquareSurvival(1, 1)).toBeCloseTo(0.31731050786291404, 12);
    expect(chiSquareSurvival(0, 1)).toBe(1);
  });
  it('matches closed forms for even degrees of freedom', () => {
    for (const x of [0.3, 2, 7.5, 40]) {
      expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 13);
      expect(chiSquareSurvival(x, 4)).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 13);
    }
  });
  it('logGamma agrees with factorials and sqrt(pi)', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
  });
});

describe('Kupiec proportion-of-failures test', () => {
  it('10 breaches in 250 days against a 99% VaR rejects the model', () => {
    // LR = -2 ln(0.99^240 0.01^10) + 2 ln(0.96^240 0.04^10) = 12.955491062356018; p = erfc(sqrt(LR/2)) (Python).
    const { lr, pValue } = kupiecPof(250, 10, 0.01);
    expect(lr).toBeCloseTo(12.955491062356018, 9);
    expect(pValue).toBeCloseTo(0.0003189845082133835, 12);
  });
  it('no breaches at all: LR = -2 n ln(1-p)', () => {
    const { lr, pValue } = kupiecPof(500, 0, 0.05);
    expect(lr).toBeCloseTo(-2 * 500 * Math.log(0.95), 9);
    expect(pValue / 7.954689222215555e-13).toBeCloseTo(1, 8);
  });
  it('exactly the expected rate gives LR 0 and p 1', () => {
    const { lr, pValue } = kupiecPof(200, 2, 0.01);
    expect(lr).toBeCloseTo(0, 12);
    expect(pValue).toBeCloseTo(1, 6);
  });
});

describe('scoreRisk', () => {
  it('counts next-bar losses beyond the VaR', () => {
    // Losses -r: -0.1, 0.1, 0, -0.1. VaR 0.05 at t=1 is breached (loss 0.1); t=0,2,3 are not; t=4 has no next bar.
    const s = scoreRisk(f64([0.05, 0.05, 0.05, 0.05, 0.05]), bars, { level: 0.99 });
    expect(s).toMatchObject({ count: 4, breaches: 1, breachRate: 0.25 });
    expect(s.expectedRate).toBeCloseTo(0.01, 15);
    const k = kupiecPof(4, 1, 0.01);
    expect(s.kupiecLR).toBeCloseTo(k.lr, 12);
    expect(s.kupiecPValue).toBeCloseTo(k.pValue, 12);
    // A VaR above the loss is no breach; NaN bars are not counted.
    expect(scoreRisk(f64([NaN, 0.1, 0.2, 0.2, 0.2]), bars)).toMatchObject({ count: 3, breaches: 0 });
  });
});

describe('scoreForecast', () => {
  it('hit rate, RMSE and rank IC on a hand example, and the long/short sign backtest', () => {
    const forecast = f64([0.05, 0.02, -0.01, NaN, 0.3]);
    const s = scoreForecast(forecast, bars, { costBps: 10 });
    // t=0: +0.05 vs +0.1 hit; t=1: +0.02 vs -0.1 miss; t=2: -0.01 vs 0 miss; t=3: no forecast.
    expect(s.count).toBe(3);
    expect(s.hitRate).toBeCloseTo(1 / 3, 15);
    expect(s.rmse).toBeCloseTo(Math.sqrt((0.05 ** 2 + 0.12 ** 2 + 0.01 ** 2) / 3), 15);
    // Ranks: forecast (3,2,1), returns (3,1,2): Pearson of the ranks = 1/2.
    expect(s.rankIc).toBeCloseTo(0.5, 15);
    const expected = runBacktest(bars, f64([1, 1, -1, 0, 1]), { costBps: 10 }).metrics;
    expect(s.signBacktest).toEqual({ ...expected, ruined: 0 });
    expect(s.signBacktest.trades).toBe(3); // 0->1 at bar 1, 1->-1 at bar 3, -1->0 at bar 4
  });
  it('starts at fromIndex', () => {
    const s = scoreForecast(f64([0.05, 0.02, -0.01, 0.01, 0.3]), bars, { fromIndex: 2 });
    // t=2 (vs 0, miss) and t=3 (vs +0.1, hit)
    expect(s.count).toBe(2);
    expect(s.hitRate).toBe(0.5);
  });
});

describe('scoreVolatility', () => {
  it('RMSE of variance and QLIKE = mean(ln h + r²/h)', () => {
    const s = scoreVolatility(f64([0.1, 0.2, NaN, 0.1, 0.5]), bars);
    // t=0: h=0.01, r²=0.01; t=1: h=0.04, r²=0.01; t=3: h=0.01, r²=0.01 (t=2 has no forecast, t=4 no next bar).
    expect(s.count).toBe(3);
    expect(s.rmse).toBeCloseTo(Math.sqrt(0.03 ** 2 / 3), 15);
    expect(s.qlike).toBeCloseTo((Math.log(0.01) + 1 + Math.log(0.04) + 0.25 + Math.log(0.01) + 1) / 3, 12);
  });
  it('a forecast equal to the true variance beats a doubled one on QLIKE', () => {
    const perfect = scoreVolatility(f64([0.1, 0.1, 1e-9, 0.1, 0.1]), bars, { toIndex: 2 });
    const high = scoreVolatility(f64([0.2, 0.2, 1e-9, 0.2, 0.2]), bars, { toIndex: 2 });
    expect(perfect.qlike).toBeLessThan(high.qlike);
  });
});

describe('scoreRegime', () => {
  it('per-state count, annualised mean and volatility of the next return', () => {
    const stats = scoreRegime(f64([0, 1, 0, 1, NaN]), bars, {}, ['calm', 'turbulent']);
    // state 0: next returns 0.1, 0 ; state 1: -0.1, 0.1
    expect(stats).toHaveLength(2);
    expect(stats[0]).toMatchObject({ state: 0, label: 'calm', count: 2 });
    expect(stats[0]!.meanReturn).toBeCloseTo(0.05 * 252, 12);
    expect(stats[0]!.volatility).toBeCloseTo(Math.sqrt(0.005) * Math.sqrt(252), 12);
    expect(stats[1]!.meanReturn).toBeCloseTo(0, 12);
    expect(stats[1]!.volatility).toBeCloseTo(Math.sqrt(0.02) * Math.sqrt(252), 12);
  });
  it('refuses a state that is not a whole number', () => {
    expect(() => scoreRegime(f64([0, 0.5, 0, 0, 0]), bars)).toThrow(/not a state number/);
  });
});

describe('scoreModelOutput', () => {
  it('names the metrics of each kind', () => {
    const pos = scoreModelOutput('position', f64([1, 1, 0, -1, 0]), bars);
    expect(pos).toEqual({ ...scorePosition(f64([1, 1, 0, -1, 0]), bars) });
    expect(Object.keys(pos)).toEqual(['totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'trades', 'exposure', 'ruined']);
    expect(Object.keys(scoreModelOutput('forecast', f64([0.1, 0.1, 0.1, 0.1, 0.1]), bars))).toEqual([
      'count', 'hitRate', 'rmse', 'rankIc', 'totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'trades', 'exposure', 'ruined',
    ]);
    expect(Object.keys(scoreModelOutput('volatility', f64([0.1, 0.1, 0.1, 0.1, 0.1]), bars))).toEqual(['count', 'rmse', 'qlike']);
    expect(Object.keys(scoreModelOutput('risk', f64([0.1, 0.1, 0.1, 0.1, 0.1]), bars))).toEqual([
      'count', 'breaches', 'breachRate', 'expectedRate', 'kupiecLR', 'kupiecPValue',
    ]);
    expect(scoreModelOutput('regime', f64([0, 1, 0, 1, NaN]), bars)).toMatchObject({ states: 2, regime0Count: 2, regime1Count: 2 });
  });
  it('a position outside [-1, 1] is refused', () => {
    expect(() => scoreModelOutput('position', f64([2, 0, 0, 0, 0]), bars)).toThrow(/outside \[-1, 1\]/);
  });
});

describe('rank correlation', () => {
  it('averages tied ranks and is 1 for any increasing transform', () => {
    expect(Array.from(averageRanks(f64([5, 1, 5, 3])))).toEqual([3.5, 1, 3.5, 2]);
    const x = f64([0.3, -1, 2, 7, 0]);
    expect(spearman(x, x.map((v) => Math.exp(v)))).toBeCloseTo(1, 15);
    expect(spearman(x, x.map((v) => -v * v * v))).toBeCloseTo(-1, 15);
  });
});
