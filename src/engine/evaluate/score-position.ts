// Scores a position model: the exact backtest of its target weights over the evaluation window.
import type { BarSeries } from '../../registry/model.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import type { BacktestMetrics } from '../backtest/metrics.ts';
import { scoreWindow, type ScoreOptions } from './score-window.ts';

/** The backtest metrics, and `ruined` (1 when equity reached zero and trading ended, else 0) so rankings put it last. */
export type PositionScore = BacktestMetrics & { ruined: number };

export function scorePosition(weights: Float64Array, bars: BarSeries, opts: ScoreOptions = {}): PositionScore {
  const { from, to } = scoreWindow(bars, weights, opts);
  const r = runBacktest(bars, weights, { fromIndex: from, toIndex: to, capital: opts.capital, costBps: opts.costBps, periodsPerYear: opts.periodsPerYear });
  return { ...r.metrics, ruined: r.ruined ? 1 : 0 };
}
