// The one interface every model in the registry implements, and the bar data it reads.
// Pure types: the registry does no I/O; the engine loads bars and calls `run`.

/**
 * Daily (or other timeframe) OHLCV bars, oldest first, as parallel typed arrays. For close-only data (monthly
 * closes) open, high, low and volume are NaN: a model that needs them reports that it cannot run.
 */
export interface BarSeries {
  readonly length: number;
  /** Bar timestamps, epoch milliseconds UTC (a daily bar is stamped at 00:00 UTC of its date). */
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** An economic series (FRED and the like), oldest first; NaN marks a missing observation. */
export interface ExtraSeries {
  readonly time: Float64Array;
  readonly value: Float64Array;
}

export const OUTPUT_KINDS = ['position', 'forecast', 'volatility', 'risk', 'regime'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

export type Category =
  | 'benchmark'
  | 'trend'
  | 'mean-reversion'
  | 'momentum'
  | 'regression'
  | 'machine-learning'
  | 'neural'
  | 'volatility'
  | 'risk'
  | 'regime'
  | 'ensemble'
  | 'macro';

export type ParamValue = number | string | boolean | number[] | string[];

/** What `mltrainer models --json` prints for a model, less the measured `metrics`. */
export interface ModelSpec {
  /** Stable id, kebab-case, e.g. `sma-cross-20-50`. */
  readonly id: string;
  readonly name: string;
  readonly category: Category;
  readonly description: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Bar fields and series the model reads, e.g. `["close"]`, `["high","low","close"]`, `["close","fred:DGS10"]`. */
  readonly inputs: readonly string[];
  readonly output: OutputKind;
  /** Bars needed before the first meaningful output. */
  readonly minHistory: number;
  /** Economic series ids the model needs in `ModelContext.series` (FRED ids), if any. */
  readonly requiresSeries?: readonly string[];
  /** For regime models: the meaning of each state number, e.g. `["calm", "turbulent"]`. */
  readonly regimeLabels?: readonly string[];
}

export interface ModelContext {
  readonly bars: BarSeries;
  /** Economic series by id, present when the model's `requiresSeries` asks for them. */
  readonly series?: Readonly<Record<string, ExtraSeries>>;
  /** Seed for every random choice a model makes (weight initialisation, bootstrap samples). */
  readonly seed?: number;
}

/**
 * A runnable model. `run` returns one value per bar, and the value at t is computed from bars[0..t] only
 * (trainable models refit on a fixed schedule anchored at bar indices, on a window capped at their maxSamples, so cutting
 * the series after t never changes the output up to t). Conventions per output kind:
 * - position: target weight in [-1, 1] decided after the close of t; 0 (never NaN) before it can decide.
 * - forecast: expected simple return of the next bar, close[t+1]/close[t] - 1; NaN before available.
 * - volatility: forecast standard deviation of the next bar's simple return (per bar, not annualised); NaN before.
 * - risk: next bar's loss at the model's level as a positive fraction (0.02 = a 2% loss); NaN before.
 * - regime: the state number (0, 1, ...) at t, meanings in `regimeLabels`; NaN before.
 */
export interface Model extends ModelSpec {
  /** The family the registry generated it from (its grid's other members are its parameter neighbours). */
  readonly family?: string;
  run(ctx: ModelContext): Float64Array;
  /**
   * `run` with the caveats of this run, on models that can have any (today: GARCH and GJR-GARCH, whose notes name a
   * fit that stopped before its tolerance). The values are exactly `run`'s. An answer showing a value should show
   * the notes whose bar range contains that value's bar.
   */
  runWithNotes?(ctx: ModelContext): ModelRun;
}

/** A caveat about some of a run's outputs, in words a chat answer can show as they are. */
export interface ModelNote {
  /** Timestamps (as in `BarSeries.time`) of the first and last bar whose outputs it concerns. */
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

export interface ModelRun {
  readonly values: Float64Array;
  readonly notes: readonly ModelNote[];
}
