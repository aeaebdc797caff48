// The benchmark every backtest is compared with: fully long (w = 1) through the same window, capital and cost.
import type { BarSeries } from '../../registry/model.ts';
import { runBacktest, type BacktestOptions, type BacktestResult } from './run-backtest.ts';

/** Buy-and-hold over the window: bought at the open of the window's second bar, held to the last close. */
export function buyAndHoldBenchmark(bars: BarSeries, opts: BacktestOptions = {}): BacktestResult {
  return runBacktest(bars, new Float64Array(bars.length).fill(1), opts);
}
