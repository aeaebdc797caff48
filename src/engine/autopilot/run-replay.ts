// Replay: the autopilot's decision step run day by day over historical bars with an in-memory simulated book. Each
// day it decides from data up to that close only (the models are causal and the step reads index t), and the book
// trades at the next open exactly as the backtester does, so the equity is comparable with buy-and-hold. Equity at or
// below zero ends trading (ruin); a symbol whose data ends, or stops for more than MAX_GAP_SESSIONS, is closed at its
// last real close instead of being held at a frozen price; and beside buy-and-hold the same symbols are held at the
// autopilot's average exposure, so a lower return with a lower drawdown is judged against the same risk.
import { headBars } from '../../registry/head-bars.ts';
import type { BarSeries } from '../../registry/model.ts';
import { buyAndHoldBenchmark } from '../backtest/buy-and-hold.ts';
import { equityMetrics, type BacktestMetrics } from '../backtest/metrics.ts';
import { DEFAULT_CAPITAL, type BacktestResult } from '../backtest/run-backtest.ts';
import { windowFromDates } from '../backtest/window.ts';
import { UserError } from '../user-error.ts';
import { autopilotSettings, type AutopilotSettings } from './autopilot-config.ts';
import { decideDay, type DecisionRecord, type SymbolDay } from './decision-step.ts';
import { newLearnerState, type LearnerState } from './learner-state.ts';
import { ReplayBook, type ReplayFill } from './replay-book.ts';
import { buildSymbolInputs, type SymbolInputs } from './symbol-inputs.ts';
import { isoDate } from '../../calendar/dates.ts';

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

/** Sessions a symbol may miss (a halt, a holiday of its own) before its position is closed. */
export const MAX_GAP_SESSIONS = 5;

/** A symbol whose data stopped inside the window: closed at its last real close on `closedOn`. */
export interface StoppedSymbol {
  symbol: string;
  /** Date of its last bar before the stop. */
  lastBar: string;
  /** The replay day its position was closed (at the last bar's close). */
  closedOn: string;
  reason: 'data ends' | 'gap';
}

export interface ExposureBenchmark {
  description: string;
  /** The autopilot's mean gross exposure over the window, the level the benchmark holds. */
  averageExposure: number;
  metrics: BacktestMetrics;
  equity: Float64Array;
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
  /** Equity at or below zero ended trading on `ruinedOn` (every later target is 0). */
  ruined: boolean;
  ruinedOn: string | null;
  /** Symbols whose data stopped inside the window, and when their positions were closed. */
  stopped: StoppedSymbol[];
  /** The same symbols, equal-weighted, held at the autopilot's average gross exposure, same rules and cost. */
  exposureBenchmark: ExposureBenchmark;
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
  // Every per-symbol map below is filled for every symbol of `symbols` here, so their lookups hold.
  for (const s of symbols) {
    const all = opts.bars.get(s)!;
    const cut = cutBars(all, toTime);
    if (cut.length === 0) throw new UserError(`There are no ${s} bars up to ${isoDate(toTime)}.`);
    const inp = buildSymbolInputs(s, cut, settings);
    inputs.set(s, inp);
    const idx = new Map<number, number>();
    for (let i = 0; i < cut.length; i++) idx.set(cut.time[i]!, i);
    indexOf.set(s, idx);
    states.set(s, newLearnerState(s, settings.pool));
  }

  const n = win.toIndex - win.fromIndex + 1;
  const lastTime = new Map(symbols.map((s) => [s, inputs.get(s)!.bars.time[inputs.get(s)!.bars.length - 1]!] as const));
  const book = new ReplayBook(capital, costBps / 10_000);
  const equity = new Float64Array(n);
  const weights = new Map(symbols.map((s) => [s, new Float64Array(n)] as const));
  const dates: string[] = new Array(n);
  const decisions: DecisionRecord[] = [];
  const models: ModelChange[] = [];
  const stopped: StoppedSymbol[] = [];
  const targets = new Map<string, number>(symbols.map((s) => [s, 0]));
  const missed = new Map<string, number>(symbols.map((s) => [s, 0]));
  const lastBarDate = new Map<string, string>();
  const lastRealClose = new Map<string, number>();
  const closedStale = new Set<string>();
  const withData = new Int32Array(n);
  let exposedBars = 0;
  let grossSum = 0;
  let prevEquity = capital;
  let ruinedOn: string | null = null;

  for (let k = 0; k < n; k++) {
    const time = primary.time[win.fromIndex + k]!;
    const date = isoDate(time);
    dates[k] = date;
    const opens = new Map<string, number>();
    const closes = new Map<string, number>();
    const today: SymbolDay[] = [];
    for (const s of symbols) {
      const t = indexOf.get(s)!.get(time);
      if (t === undefined) {
        // No bar today: past the end of its data, or a gap. Either way nothing is invented: after the end, or after
        // MAX_GAP_SESSIONS missed sessions, the position is closed at the last real close.
        const count = missed.get(s)! + 1;
        missed.set(s, count);
        const ended = time > lastTime.get(s)!;
        if ((ended || count > MAX_GAP_SESSIONS) && !closedStale.has(s) && lastRealClose.has(s)) {
          book.closeStopped(date, s, lastRealClose.get(s)!);
          targets.set(s, 0);
          closedStale.add(s);
          stopped.push({ symbol: s, lastBar: lastBarDate.get(s)!, closedOn: date, reason: ended ? 'data ends' : 'gap' });
        }
        continue;
      }
      missed.set(s, 0);
      closedStale.delete(s);
      const inp = inputs.get(s)!;
      opens.set(s, inp.bars.open[t]!);
      closes.set(s, inp.bars.close[t]!);
      lastBarDate.set(s, date);
      lastRealClose.set(s, inp.bars.close[t]!);
      // Each symbol's learner warms up on the warmupBars before its first replayed day.
      today.push({ inputs: inp, t, state: states.get(s)!, warmupFrom: Math.max(0, t - settings.warmupBars) });
    }
    withData[k] = today.length;
    // Inside the window the first bar trades nothing (w[-1] = 0): targets start at 0.
    if (k > 0) book.open(date, opens, targets);
    const e = book.close(closes);
    equity[k] = e;
    if (book.exposed()) exposedBars++;
    grossSum += book.grossExposure(e);
    if (ruinedOn === null && !(e > 0)) ruinedOn = date;
    const dayLoss = k > 0 && prevEquity > 0 ? (prevEquity - e) / prevEquity : 0;
    prevEquity = e;
    if (ruinedOn !== null) {
      // Ruin ends trading: every later target is 0 (the book is flattened at the next open).
      for (const s of symbols) targets.set(s, 0);
    } else {
      const records = today.length ? decideDay(today, dayLoss, settings) : [];
      for (const r of records) {
        decisions.push(r);
        targets.set(r.symbol, r.target);
        if (r.changed || r.modelsChanged) models.push({ date: r.date, symbol: r.symbol, models: r.chosen.map((c) => c.id), weight: r.target });
      }
    }
    for (const s of symbols) weights.get(s)![k] = targets.get(s)!;
  }

  const metrics = equityMetrics(equity, capital, book.trades, exposedBars);
  if (ruinedOn !== null) metrics.sharpe = Number.NaN; // not a skill figure once the money is gone
  const exposureBenchmark = exposureHeld(symbols, primary, win.fromIndex, n, withData, indexOf, inputs, stopped, grossSum / n, capital, costBps);
  const benchmark = buyAndHoldBenchmark(primary, { fromIndex: win.fromIndex, toIndex: win.toIndex, capital, costBps });
  return {
    from: dates[0]!,
    to: dates[n - 1]!,
    symbols,
    bars: n,
    capital,
    costBps,
    metrics,
    benchmark,
    turnover: book.turnover,
    ruined: ruinedOn !== null,
    ruinedOn,
    stopped,
    exposureBenchmark,
    dates,
    equity,
    weights,
    decisions,
    models,
    fills: book.fills,
    settings,
  };
}

/**
 * The fair benchmark: every symbol with a bar that day, equal-weighted, at the autopilot's average gross exposure,
 * traded by the same next-open rules and cost (targets change only when the number of symbols with data changes).
 */
function exposureHeld(
  symbols: readonly string[],
  primary: BarSeries,
  fromIndex: number,
  n: number,
  withData: Int32Array,
  indexOf: ReadonlyMap<string, ReadonlyMap<number, number>>,
  inputs: ReadonlyMap<string, SymbolInputs>,
  stopped: readonly StoppedSymbol[],
  averageExposure: number,
  capital: number,
  costBps: number,
): ExposureBenchmark {
  const book = new ReplayBook(capital, costBps / 10_000);
  const equity = new Float64Array(n);
  const targets = new Map<string, number>(symbols.map((s) => [s, 0]));
  const lastClose = new Map<string, number>();
  let exposed = 0;
  for (let k = 0; k < n; k++) {
    const time = primary.time[fromIndex + k]!;
    const date = isoDate(time);
    const opens = new Map<string, number>();
    const closes = new Map<string, number>();
    for (const s of symbols) {
      const t = indexOf.get(s)!.get(time);
      if (t === undefined) continue;
      opens.set(s, inputs.get(s)!.bars.open[t]!);
      closes.set(s, inputs.get(s)!.bars.close[t]!);
    }
    // Symbols whose data stopped are closed on the same days as the autopilot's, at their last real close.
    for (const st of stopped) if (st.closedOn === date) book.closeStopped(date, st.symbol, lastClose.get(st.symbol)!);
    for (const [s, c] of closes) lastClose.set(s, c);
    if (k > 0) book.open(date, opens, targets);
    const e = book.close(closes);
    equity[k] = e;
    if (book.exposed()) exposed++;
    const each = withData[k]! > 0 ? averageExposure / withData[k]! : 0;
    for (const s of symbols) targets.set(s, closes.has(s) ? each : 0);
  }
  const metrics = equityMetrics(equity, capital, book.trades, exposed);
  return {
    description: `${symbols.join(', ')} equal-weighted at the autopilot's average gross exposure (${(averageExposure * 100).toFixed(1)}%), same rules and cost`,
    averageExposure,
    metrics,
    equity,
  };
}

/** The bars up to and including `toTime` (a view, no copy). */
export function cutBars(bars: BarSeries, toTime: number): BarSeries {
  let n = 0;
  while (n < bars.length && bars.time[n]! <= toTime) n++;
  return headBars(bars, n);
}
