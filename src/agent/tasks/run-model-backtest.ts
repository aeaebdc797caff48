// One backtest as the chat and the CLI run it: the model sees all history up to `to` (warm-up and training), the
// trading window starts at the first bar on or after `from`, and buy-and-hold over the same window is the benchmark.
import { buildBacktestJson, type BacktestJson } from '../../engine/backtest/backtest-json.ts';
import { buyAndHoldBenchmark } from '../../engine/backtest/buy-and-hold.ts';
import { runBacktest, type BacktestResult } from '../../engine/backtest/run-backtest.ts';
import { formatDate, windowFromDates } from '../../engine/backtest/window.ts';
import type { Timeframe } from '../../engine/data/bar.ts';
import type { BarSeries, Model } from '../../registry/model.ts';
import { UserError } from '../../engine/user-error.ts';
import type { AgentServices } from '../services.ts';
import { headBars, loadSymbolBars } from './resolve.ts';

export interface BacktestRequest {
  from?: string;
  to?: string;
  costBps?: number;
  capital?: number;
}

export interface ModelBacktest {
  model: Model;
  symbol: string;
  timeframe: Timeframe;
  /** The bars the model ran on (cut at `to`). */
  bars: BarSeries;
  result: BacktestResult;
  benchmark: BacktestResult;
}

export async function runModelBacktest(
  services: AgentServices,
  model: Model,
  symbolText: string,
  req: BacktestRequest = {},
): Promise<ModelBacktest> {
  if (model.output !== 'position') {
    throw new UserError(`${model.id} outputs a ${model.output}, not positions, so it cannot be backtested; try /${model.output === 'forecast' ? 'predict' : model.output} instead.`);
  }
  const { symbol, timeframe, bars: all } = await loadSymbolBars(services, symbolText);
  const window = windowFromDates(all, { from: req.from, to: req.to });
  // `to` cuts the data: the model never sees bars after it.
  const bars = headBars(all, window.toIndex + 1);
  return backtestOnBars(model, symbol, timeframe, bars, window.fromIndex, req);
}

/** The backtest of a model on already loaded bars (compare runs several models on one load). */
export function backtestOnBars(
  model: Model,
  symbol: string,
  timeframe: Timeframe,
  bars: BarSeries,
  fromIndex: number,
  req: BacktestRequest = {},
): ModelBacktest {
  const weights = model.run({ bars, seed: 1 });
  const opts = { fromIndex, capital: req.capital, costBps: req.costBps };
  const result = runBacktest(bars, weights, opts);
  const benchmark = buyAndHoldBenchmark(bars, opts);
  return { model, symbol, timeframe, bars, result, benchmark };
}

export function backtestDocument(bt: ModelBacktest, withEquity = false): BacktestJson {
  return buildBacktestJson({ model: bt.model.id, symbol: bt.symbol, bars: bt.bars, result: bt.result, benchmark: bt.benchmark, withEquity });
}

/** Dates of the window's bars, for charts. */
export function windowDates(bt: ModelBacktest): string[] {
  const out: string[] = new Array(bt.result.bars);
  for (let k = 0; k < bt.result.bars; k++) out[k] = formatDate(bt.bars.time[bt.result.fromIndex + k]!);
  return out;
}
