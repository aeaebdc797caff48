// Replay: the autopilot's decision step run day by day over historical bars with an in-memory simulated book. Each
// day it decides from data up to that close only (the models are causal and the step reads index t), and the book
// trades at the next open exactly as the backtester does, so the equity is comparable with buy-and-hold.
import { headBars } from '../../registry/head-bars.ts';
import type { BarSeries } from '../../registry/model.ts';
import { buyAndHoldBenchmark } from '../backtest/buy-and-hold.ts';
import { equityMetrics, type BacktestMetrics } from '../backtest/metrics.ts';
import { DEFAULT_CAPITAL, type BacktestResult } from '../backtest/run-backtest.ts';
import { formatDate, windowFromDates } from '../backtest/window.ts';
import { UserError } from '../user-error.ts';
import { autopilotSettings, type AutopilotSettings } from './autopilot-config.ts';
import { decideDay, type DecisionRecord, type SymbolDay } from './decision-step.ts';
import { newLearnerState, type LearnerState } from './learner-state.ts';
import { ReplayBook, type ReplayFill } from './replay-book.ts';
import { buildSymbolInputs, type SymbolInputs } from './symbol-inputs.ts';

export interface ReplayOptions {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  /** Daily bars per symbol, oldest first, at least up to `to` (history before `from` is warm-up); the first is the benchmark. */
  bars: ReadonlyMap<string, BarSeries>;
  capital?: number;
  costBps?: number;
  settings?: Partial<AutopilotSettings>;
}

export interface ModelChange {
  date: string;
  symbol: string;
  models: string[];
  weight: number;
}

export interface ReplayResult {
  from: string;
  to: string;
  symbols: string[];
  bars: number;
  capital: number;
  costBps: number;
  metrics: BacktestMetrics;
  benchmark: BacktestResult;
  turnover: number;
  dates: string[];
  equity: Float64Array;
  /** Target per symbol decided after each close of the window. */
  weights: Map<string, Float64Array>;
  decisions: DecisionRecord[];
  models: ModelChange[];
  fills: ReplayFill[];
  settings: AutopilotSettings;
}

export function runReplay(opts: ReplayOptions): ReplayResult {
  const settings = autopilotSettings(opts.settings);
  const capital = opts.capital ?? DEFAULT_CAPITAL;
  const costBps = opts.costBps ?? 0;
  if (!(Number.isFinite(capital) && capital > 0)) throw new UserError(`--capital must be a positive number, got ${capital}.`);
  if (!(Number.isFinite(costBps) && costBps >= 0)) throw new UserError(`--cost-bps must be zero or more, got ${costBps}.`);
  const symbols = [...opts.bars.keys()];
  if (symbols.length === 0) throw new UserError('Name at least one symbol to replay.');
  const primary = opts.bars.get(symbols[0]!)!;
  const win = windowFromDates(primary, { from: opts.from, to: opts.to });

  // Models run once over each symbol's whole series cut at the window's end (causal: output[t] sees bars <= t).
  const toTime = primary.time[win.toIndex]!;
  const inputs = new Map<string, SymbolInputs>();
  const indexOf = new Map<string, Map<number, number>>();
  const states = new Map<string, LearnerState>();
  for (const s of symbols) {
    const all = opts.bars.get(s)!;
    const cut = cutBars(all, toTime);
    if (cut.length === 0) throw new UserError(`There are no ${s} bars up to ${formatDate(toTime)}.`);
    const inp = buildSymbolInputs(s, cut, settings);
    inputs.set(s, inp);
    const idx = new Map<number, number>();
    for (let i = 0; i < cut.length; i++) idx.set(cut.time[i]!, i);
    indexOf.set(s, idx);
    states.set(s, newLearnerState(s, settings.pool));
  }

  const n = win.toIndex - win.fromIndex + 1;
  const book = new ReplayBook(capital, costBps / 10_000);
  const equity = new Float64Array(n);
  const weights = new Map(symbols.map((s) => [s, new Float64Array(n)] as const));
  const dates: string[] = new Array(n);
  const decisions: DecisionRecord[] = [];
  const models: ModelChange[] = [];
  const targets = new Map<string, number>(symbols.map((s) => [s, 0]));
  let exposedBars = 0;
  let prevEquity = capital;

  for (let k = 0; k < n; k++) {
    const time = primary.time[win.fromIndex + k]!;
    const date = formatDate(time);
    dates[k] = date;
    const opens = new Map<string, number>();
    const closes = new Map<string, number>();
    const today: SymbolDay[] = [];
    for (const s of symbols) {
      const t = indexOf.get(s)!.get(time);
      if (t === undefined) continue;
      const inp = inputs.get(s)!;
      opens.set(s, inp.bars.open[t]!);
      closes.set(s, inp.bars.close[t]!);
      // Each symbol's learner warms up on the warmupBars before its first replayed day.
      today.push({ inputs: inp, t, state: states.get(s)!, warmupFrom: Math.max(0, t - settings.warmupBars) });
    }
    // Inside the window the first bar trades nothing (w[-1] = 0): targets start at 0.
    if (k > 0) book.open(date, opens, targets);
    const e = book.close(closes);
    equity[k] = e;
    if (book.exposed()) exposedBars++;
    const dayLoss = k > 0 && prevEquity > 0 ? (prevEquity - e) / prevEquity : 0;
    prevEquity = e;
    const records = today.length ? decideDay(today, dayLoss, settings) : [];
    for (const r of records) {
      decisions.push(r);
      targets.set(r.symbol, r.target);
      if (r.changed || r.modelsChanged) models.push({ date: r.date, symbol: r.symbol, models: r.chosen.map((c) => c.id), weight: r.target });
    }
    for (const s of symbols) weights.get(s)![k] = targets.get(s)!;
  }

  const benchmark = buyAndHoldBenchmark(primary, { fromIndex: win.fromIndex, toIndex: win.toIndex, capital, costBps });
  return {
    from: dates[0]!,
    to: dates[n - 1]!,
    symbols,
    bars: n,
    capital,
    costBps,
    metrics: equityMetrics(equity, capital, book.trades, exposedBars),
    benchmark,
    turnover: book.turnover,
    dates,
    equity,
    weights,
    decisions,
    models,
    fills: book.fills,
    settings,
  };
}

/** The bars up to and including `toTime` (a view, no copy). */
export function cutBars(bars: BarSeries, toTime: number): BarSeries {
  let n = 0;
  while (n < bars.length && bars.time[n]! <= toTime) n++;
  return headBars(bars, n);
}
