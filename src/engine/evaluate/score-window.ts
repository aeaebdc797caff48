// The evaluation window shared by every scorer: bars [fromIndex, toIndex], each output at t judged on bar t+1.
import type { BarSeries } from '../../registry/model.ts';
import { UserError } from '../user-error.ts';

export interface ScoreOptions {
  /** First bar scored (after the model's warm-up); default 0. */
  fromIndex?: number;
  /** Last bar of the window, inclusive; default the last bar. */
  toIndex?: number;
  /** Backtests of position and forecast outputs: capital and cost in basis points. */
  capital?: number;
  costBps?: number;
  /** Risk outputs: the model's confidence level, e.g. 0.99 (a VaR's expected breach rate is 1 - level). Default 0.95. */
  level?: number;
  /** Bars per year for annualising backtest metrics and regime statistics (252 daily, 52 weekly, 12 monthly). Default 252. */
  periodsPerYear?: number;
}

export interface ScoreWindow {
  from: number;
  to: number;
}

export function scoreWindow(bars: BarSeries, output: Float64Array, opts: ScoreOptions): ScoreWindow {
  if (output.length !== bars.length) throw new Error(`model output has ${output.length} values for ${bars.length} bars`);
  const from = opts.fromIndex ?? 0;
  const to = opts.toIndex ?? bars.length - 1;
  if (!(from >= 0 && to < bars.length && from <= to)) {
    throw new UserError(`The evaluation window is empty (bars ${from}..${to} of ${bars.length}): more data is needed.`);
  }
  return { from, to };
}

/** The realized simple return of the bar after t: close[t+1]/close[t] - 1. */
export function nextReturn(close: Float64Array, t: number): number {
  return close[t + 1]! / close[t]! - 1;
}
