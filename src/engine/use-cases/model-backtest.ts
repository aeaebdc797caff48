// One backtest as the chat and the CLI run it: the model sees all history up to `to` (warm-up and training), the
// trading window starts at the first bar on or after `from`, and buy-and-hold over the same window is the benchmark.
// Too little history is refused rather than reported as a flat run; close-only data and a warm-up inside the window
// are run, with a note saying so.
import { buildBacktestJson, type BacktestJson } from '../backtest/backtest-json.ts';
import { buyAndHoldBenchmark } from '../backtest/buy-and-hold.ts';
import { PERIODS_PER_YEAR } from '../backtest/periods-per-year.ts';
import { runBacktest, type BacktestResult } from '../backtest/run-backtest.ts';
import { endsInWarmUp, firstSignalIndex } from '../backtest/warm-up.ts';
import { windowFromDates } from '../backtest/window.ts';
import type { Timeframe } from '../data/bar.ts';
import type { BarSeries, Model } from '../../registry/model.ts';
import { UserError } from '../user-error.ts';
import { loadModelData, type ModelData, type ModelDataStores } from './model-data.ts';
import { headBars } from '../../registry/head-bars.ts';
import { isoDate } from '../../calendar/dates.ts';

export interface BacktestRequest {
  from?: string;
  to?: string;
  costBps?: number;
  capital?: number;
  /** Bar timeframe; by default daily when stored, else the one the symbol has. */
  timeframe?: Timeframe;
}

export interface ModelBacktest {
  model: Model;
  symbol: string;
  timeframe: Timeframe;
  /** The bars the model ran on (cut at `to`). */
  bars: BarSeries;
  result: BacktestResult;
  benchmark: BacktestResult;
  /** Set for close-only data: orders filled at the next bar's close, not its open (it changes how figures are made). */
  fillNote?: string;
  /** Set when the model's warm-up ended inside the window: the date from which it had enough history. */
  warmUpNote?: string;
}

const TIMEFRAME_WORDS: Record<Timeframe, string> = { '1d': 'daily', '1wk': 'weekly', '1mo': 'monthly', '1h': 'hourly', '1m': 'minute' };

/** Refuses anything but a position model (only target weights can be traded); `rest` ends the sentence. */
export function requirePositionModel(model: Model, rest: string): void {
  if (model.output !== 'position') throw new UserError(`${model.id} outputs a ${model.output}, not positions${rest}`);
}

/** Refuses a model whose output cannot be traded, naming the command that shows it. */
export function requireBacktestable(model: Model): void {
  requirePositionModel(model, `, so it cannot be backtested; try /${model.output === 'forecast' ? 'predict' : model.output} instead.`);
}

/** Runs models and their backtests on loaded bars: in this thread, or on the heavy-work pool's workers. */
export type BacktestRunner = (models: readonly Model[], data: ModelData, fromIndex: number, req: BacktestRequest) => Promise<ModelBacktest[]>;

export const backtestInThread: BacktestRunner = async (models, data, fromIndex, req) => models.map((m) => backtestOnBars(m, data, fromIndex, req));

export interface BacktestRunOptions {
  /** Where the model and the backtest run (default this thread). */
  runner?: BacktestRunner;
}

export async function runModelBacktest(
  stores: ModelDataStores,
  model: Model,
  symbolText: string,
  req: BacktestRequest = {},
  opts: BacktestRunOptions = {},
): Promise<ModelBacktest> {
  requireBacktestable(model);
  const data = await loadModelData(stores, symbolText, [model], { timeframe: req.timeframe });
  const window = windowFromDates(data.bars, { from: req.from, to: req.to });
  // `to` cuts the data: the model never sees bars after it.
  const [bt] = await (opts.runner ?? backtestInThread)([model], { ...data, bars: headBars(data.bars, window.toIndex + 1) }, window.fromIndex, req);
  return bt!;
}

/**
 * The backtest of a model on loaded bars (already cut at `to`). A UserError when the bars end before the model's
 * first signal can be traded (the warm-up rule the evaluation uses): that run would only ever be flat.
 */
export function backtestOnBars(model: Model, data: ModelData, fromIndex: number, req: BacktestRequest = {}): ModelBacktest {
  const { symbol, timeframe, bars } = data;
  const lastIndex = bars.length - 1;
  if (endsInWarmUp(model, lastIndex)) {
    const more = bars.length === model.minHistory ? ' and one more to trade on its first signal' : '';
    throw new UserError(
      `${model.id} needs ${model.minHistory} bars of history${more}; ${symbol} has ${bars.length} up to ${isoDate(bars.time[lastIndex]!)}.`,
    );
  }
  const weights = model.run({ bars, series: data.series, seed: 1 });
  const opts = { fromIndex, capital: req.capital, costBps: req.costBps, periodsPerYear: PERIODS_PER_YEAR[timeframe] };
  const result = runBacktest(bars, weights, opts);
  const benchmark = buyAndHoldBenchmark(bars, opts);
  const bt: ModelBacktest = { model, symbol, timeframe, bars, result, benchmark };
  if (result.fillsAt === 'close') {
    bt.fillNote = `${symbol} has ${TIMEFRAME_WORDS[timeframe]} closes only, so orders fill at the next bar's close, not its open.`;
  }
  const signal = firstSignalIndex(model);
  if (fromIndex < signal) {
    bt.warmUpNote =
      `${model.id} had enough history (${model.minHistory} bars) only from ${isoDate(bars.time[signal]!)}; ` +
      'it stayed out of the market before.';
  }
  return bt;
}

/** The notes a reply carries under the figures, fill price first. */
export function backtestNotes(bt: ModelBacktest): string[] {
  const ruin = bt.result.ruined
    ? `Ruined on ${bt.result.ruinedOn}: equity reached zero and trading stopped there, so its Sharpe ratio is not reported.`
    : undefined;
  return [ruin, bt.fillNote, bt.warmUpNote].filter((n): n is string => !!n);
}

/**
 * The `--json` document. Its `note` says only what changes how the contract's figures were made (fills at the close
 * on close-only data); a warm-up is already part of the contract (the model's weight is 0 until it can decide).
 */
export function backtestDocument(bt: ModelBacktest, withEquity = false): BacktestJson {
  return buildBacktestJson({
    model: bt.model.id,
    symbol: bt.symbol,
    bars: bt.bars,
    result: bt.result,
    benchmark: bt.benchmark,
    withEquity,
    notes: bt.fillNote ? [bt.fillNote] : [],
  });
}

/** Dates of the window's bars, for charts. */
export function windowDates(bt: ModelBacktest): string[] {
  const out: string[] = new Array(bt.result.bars);
  for (let k = 0; k < bt.result.bars; k++) out[k] = isoDate(bt.bars.time[bt.result.fromIndex + k]!);
  return out;
}
