// Scores a position model: the exact backtest of its target weights over the evaluation window.
import type { BarSeries } from '../../registry/model.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import type { BacktestMetrics } from '../backtest/metrics.ts';
import { scoreWindow, type ScoreOptions } from './score-window.ts';

export type PositionScore = BacktestMetrics;

export function scorePosition(weights: Float64Array, bars: BarSeries, opts: ScoreOptions = {}): PositionScore {
  const { from, to } = scoreWindow(bars, weights, opts);
  return runBacktest(bars, weights, { fromIndex: from, toIndex: to, capital: opts.capital, costBps: opts.costBps, periodsPerYear: opts.periodsPerYear }).metrics;
}
