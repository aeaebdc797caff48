// Scores a return forecaster: direction, error and rank agreement with the next bar's return, and trading its sign.
import type { BarSeries } from '../../registry/model.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import type { BacktestMetrics } from '../backtest/metrics.ts';
import { spearman } from './rank-correlation.ts';
import { nextReturn, scoreWindow, type ScoreOptions } from './score-window.ts';

export interface ForecastScore {
  /** Bars t in [from, to-1] with a finite forecast (the next return exists). */
  count: number;
  /** Share of bars with a nonzero forecast whose sign equals the sign of the next return (a zero return is a miss). */
  hitRate: number;
  /** Root mean squared error of the forecast against the next return. */
  rmse: number;
  /** Spearman correlation between forecast and next return (average ranks for ties). */
  rankIc: number;
  /**
   * Backtest of trading the sign long/short: w[t] = sign(forecast[t]) in {-1, 0, 1} (0 where there is no forecast),
   * over the same window, capital and cost.
   */
  signBacktest: BacktestMetrics & { ruined: number };
}

export function scoreForecast(forecast: Float64Array, bars: BarSeries, opts: ScoreOptions = {}): ForecastScore {
  const { from, to } = scoreWindow(bars, forecast, opts);
  const close = bars.close;
  const span = Math.max(0, to - from);
  const f = new Float64Array(span);
  const r = new Float64Array(span);
  let count = 0;
  let nonzero = 0;
  let hits = 0;
  let sq = 0;
  for (let t = from; t < to; t++) {
    const ft = forecast[t]!;
    if (!Number.isFinite(ft)) continue;
    const rt = nextReturn(close, t);
    f[count] = ft;
    r[count] = rt;
    count++;
    sq += (ft - rt) * (ft - rt);
    if (ft !== 0) {
      nonzero++;
      if (Math.sign(ft) === Math.sign(rt)) hits++;
    }
  }
  const weights = new Float64Array(bars.length);
  for (let t = from; t <= to; t++) {
    const ft = forecast[t]!;
    weights[t] = Number.isFinite(ft) ? Math.sign(ft) : 0;
  }
  return {
    count,
    hitRate: nonzero > 0 ? hits / nonzero : NaN,
    rmse: count > 0 ? Math.sqrt(sq / count) : NaN,
    rankIc: spearman(f.subarray(0, count), r.subarray(0, count)),
    signBacktest: signBacktestOf(bars, weights, from, to, opts),
  };
}

/** The sign backtest's metrics with `ruined` (1 when its equity reached zero). */
function signBacktestOf(bars: BarSeries, weights: Float64Array, from: number, to: number, opts: ScoreOptions): BacktestMetrics & { ruined: number } {
  const r = runBacktest(bars, weights, { fromIndex: from, toIndex: to, capital: opts.capital, costBps: opts.costBps, periodsPerYear: opts.periodsPerYear });
  return { ...r.metrics, ruined: r.ruined ? 1 : 0 };
}
