// The replay over real SPX bars: the contract's JSON with numbers that agree with the backtester, and no look-ahead.
import { describe, expect, it } from 'vitest';
import { buyAndHoldBenchmark } from '../../../src/engine/backtest/buy-and-hold.ts';
import { equityMetrics } from '../../../src/engine/backtest/metrics.ts';
import { runBacktest } from '../../../src/engine/backtest/run-backtest.ts';
import { windowFromDates } from '../../../src/engine/backtest/window.ts';
import { buildReplayJson } from '../../../src/engine/autopilot/replay-json.ts';
import { runReplay } from '../../../src/engine/autopilot/run-replay.ts';
import type { BarSeries } from '../../../src/registry/model.ts';
import { loadSpx } from '../../fixtures/spx.ts';

const spx = loadSpx();

describe('autopilot replay on SPX 2018', () => {
  const result = runReplay({ from: '2018-01-02', to: '2018-12-31', bars: new Map([['SPX', spx]]) });
  const doc = buildReplayJson(result);

  it('prints the contract document with one equity point per bar', () => {
    expect(Object.keys(doc)).toEqual(['from', 'to', 'symbols', 'bars', 'capital', 'costBps', 'metrics', 'benchmark', 'exposureBenchmark', 'turnover', 'ruined', 'stopped', 'equity', 'models']);
    expect(doc).toMatchObject({ costBps: 0, capital: 100000, ruined: false, stopped: [] });
    expect(doc.from).toBe('2018-01-02');
    expect(doc.to).toBe('2018-12-31');
    expect(doc.symbols).toEqual(['SPX']);
    expect(doc.bars).toBe(251);
    expect(doc.equity).toHaveLength(251);
    expect(doc.equity[0]).toEqual({ date: '2018-01-02', equity: 100000, weights: { SPX: doc.equity[0]!.weights.SPX } });
    expect(Object.keys(doc.metrics)).toEqual(['totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'trades', 'exposure']);
    for (const p of doc.equity) expect(Math.abs(p.weights.SPX!)).toBeLessThanOrEqual(0.25);
    expect(doc.models.length).toBeGreaterThan(0);
    for (const m of doc.models) {
      expect(m.symbol).toBe('SPX');
      expect(m.date >= '2018-01-02' && m.date <= '2018-12-31').toBe(true);
    }
  });

  it('has metrics that recompute from its equity, and the backtester reproduces that equity from its weights', () => {
    const equity = Float64Array.from(doc.equity.map((p) => p.equity));
    const exposed = result.metrics.exposure * doc.bars;
    expect(equityMetrics(equity, 100000, doc.metrics.trades, Math.round(exposed))).toEqual(doc.metrics);
    // One symbol: the replay's book is the contract's backtest of its own target weights.
    const win = windowFromDates(spx, { from: '2018-01-02', to: '2018-12-31' });
    const weights = new Float64Array(spx.length);
    doc.equity.forEach((p, k) => (weights[win.fromIndex + k] = p.weights.SPX!));
    const bt = runBacktest(spx, weights, { fromIndex: win.fromIndex, toIndex: win.toIndex });
    expect(Array.from(bt.equity)).toEqual(Array.from(equity));
    expect(bt.metrics).toEqual(doc.metrics);
  });

  it('compares with buy-and-hold of SPX over the same window', () => {
    const win = windowFromDates(spx, { from: '2018-01-02', to: '2018-12-31' });
    expect(doc.benchmark).toEqual(buyAndHoldBenchmark(spx, { fromIndex: win.fromIndex, toIndex: win.toIndex }).metrics);
    // Bought at the open of the window's second bar, held to the last close.
    expect(doc.benchmark.totalReturn).toBeCloseTo(spx.close[win.toIndex]! / spx.open[win.fromIndex + 1]! - 1, 12);
  });

  it('explains each decision: the regime, the models in charge with their scores, and the target', () => {
    const d = result.decisions.find((r) => r.chosen.length > 0 && r.target !== 0)!;
    expect(d.reason).toMatch(new RegExp(`^Regime (bull|bear)/(calm|turbulent) \\(trend-regime-200: (bull|bear), vol-regime-21-252: (calm|turbulent)\\)\\.`));
    for (const c of d.chosen) {
      expect(d.reason).toContain(c.id);
      expect(c.score).toBeGreaterThan(0);
    }
    expect(d.reason).toContain(`Target ${(d.target * 100).toFixed(1)}% of equity`);
    const weightSum = d.chosen.reduce((s, c) => s + c.weight, 0);
    expect(weightSum).toBeCloseTo(1, 12);
  });
});

describe('no look-ahead', () => {
  function perturbAfter(bars: BarSeries, cut: number): BarSeries {
    // A deterministic, large change of every price after the cut.
    const f = (i: number) => 1 + 0.08 * Math.sin(i * 1.7);
    const scale = (a: Float64Array) => a.map((v, i) => (i > cut ? v * f(i) : v));
    const open = scale(bars.open);
    const close = scale(bars.close);
    const high = bars.high.map((v, i) => (i > cut ? Math.max(v * f(i), open[i]!, close[i]!) : v));
    const low = bars.low.map((v, i) => (i > cut ? Math.min(v * f(i), open[i]!, close[i]!) : v));
    return { length: bars.length, time: bars.time, open, high, low, close, volume: bars.volume };
  }

  it('changing every bar after D changes no decision up to D', () => {
    const D = '2018-04-02';
    const cut = windowFromDates(spx, { to: D }).toIndex;
    const opts = { from: '2018-01-02', to: '2018-06-29' };
    const a = runReplay({ ...opts, bars: new Map([['SPX', spx]]) });
    const b = runReplay({ ...opts, bars: new Map([['SPX', perturbAfter(spx, cut)]]) });
    const upTo = (r: typeof a) => r.decisions.filter((d) => d.date <= D);
    expect(upTo(a).length).toBe(62);
    expect(upTo(b)).toEqual(upTo(a));
    const k = a.dates.indexOf(D);
    expect(Array.from(b.equity.subarray(0, k + 1))).toEqual(Array.from(a.equity.subarray(0, k + 1)));
    // The perturbation is real: decisions after D do change.
    const after = (r: typeof a) => r.decisions.filter((d) => d.date > D).map((d) => d.reason);
    expect(after(b)).not.toEqual(after(a));
  });
});
