// Walk-forward training without look-ahead: fits anchored at bar indices, expanding (capped) training windows,
// and predictions between refits from the latest fit. Shared by every trainable learned model.
import { deriveSeed } from '../seeded-random.ts';
import { rowIsFinite, rowToArray, type FeatureMatrix } from './feature-matrix.ts';
import { fitStandardizer, standardizedRow, type Standardizer } from './standardizer.ts';

export interface WalkForwardPlan {
  /** Bar index of the first fit; before it the model outputs its fallback. */
  readonly minTrain: number;
  /** Bars between fits: fits happen at minTrain, minTrain + refitEvery, ... whatever the series length. */
  readonly refitEvery: number;
  /** Only the most recent usable training pairs are kept (bounds the cost of a fit). */
  readonly maxSamples: number;
  /** A fit with fewer usable pairs is skipped (the previous fit, if any, stays in use). */
  readonly minSamples: number;
}

/** A supervised learner: trains on feature rows and next-bar returns, then maps feature rows to model outputs. */
export interface Learner<M> {
  /** `y[k]` is the simple return of the bar after row k; `seed` is specific to this fit. */
  fit(x: number[][], y: number[], seed: number): M | undefined;
  /** One output per row (a forecast return, a target weight, ...). */
  predict(model: M, x: number[][]): ArrayLike<number>;
}

export interface WalkForwardOptions {
  readonly seed: number;
  /** Scale features by the training rows' mean and standard deviation. */
  readonly standardize: boolean;
  /** Output where the model cannot decide: NaN for forecasts, 0 for positions. */
  readonly fallback: number;
  /** The training target of row i; defaults to the next bar's simple return close[i+1]/close[i] - 1. */
  readonly target?: Float64Array;
}

/** Bar indices at which the model is (re)fitted for a series of n bars. */
export function fitIndices(n: number, plan: WalkForwardPlan): number[] {
  const out: number[] = [];
  for (let f = plan.minTrain; f < n; f += plan.refitEvery) out.push(f);
  return out;
}

/** The next bar's simple return for every bar (NaN at the last bar and around missing closes). */
export function nextBarReturns(close: Float64Array): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i + 1 < n; i++) out[i] = close[i + 1]! / close[i]! - 1;
  return out;
}

/**
 * Rows usable for a fit at bar f, oldest first: row i pairs the features of bar i with the return of bar i+1,
 * so i+1 <= f (the close of f is known when fitting after it). At most `maxSamples`, the most recent ones.
 */
export function trainingRows(f: number, plan: WalkForwardPlan, features: FeatureMatrix, target: Float64Array): Int32Array {
  const picked: number[] = [];
  for (let i = Math.min(f - 1, features.rows - 1); i >= 0 && picked.length < plan.maxSamples; i--) {
    if (Number.isFinite(target[i]) && rowIsFinite(features, i)) picked.push(i);
  }
  picked.reverse();
  return Int32Array.from(picked);
}

/**
 * Runs a learner walk-forward over all bars and returns one output per bar. The output at t depends only on
 * features and closes up to t: the fit in use was made at some f <= t from pairs ending at f.
 */
export function runWalkForward<M>(
  close: Float64Array,
  features: FeatureMatrix,
  plan: WalkForwardPlan,
  learner: Learner<M>,
  options: WalkForwardOptions,
): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(options.fallback);
  const target = options.target ?? nextBarReturns(close);
  const fits = fitIndices(n, plan);
  let model: M | undefined;
  let scaler: Standardizer | undefined;
  for (let k = 0; k < fits.length; k++) {
    const f = fits[k]!;
    const end = k + 1 < fits.length ? fits[k + 1]! : n;
    const rows = trainingRows(f, plan, features, target);
    if (rows.length >= plan.minSamples) {
      const s = options.standardize ? fitStandardizer(features, rows) : undefined;
      const x: number[][] = [];
      const y: number[] = [];
      for (const i of rows) {
        x.push(s ? standardizedRow(features, i, s) : rowToArray(features, i));
        y.push(target[i]!);
      }
      const fitted = learner.fit(x, y, deriveSeed(options.seed, f));
      if (fitted !== undefined) {
        model = fitted;
        scaler = s;
      }
    }
    if (model === undefined) continue;
    const at: number[] = [];
    const x: number[][] = [];
    for (let t = f; t < end; t++) {
      if (!rowIsFinite(features, t)) continue;
      at.push(t);
      x.push(scaler ? standardizedRow(features, t, scaler) : rowToArray(features, t));
    }
    if (x.length === 0) continue;
    const values = learner.predict(model, x);
    for (let r = 0; r < at.length; r++) {
      const v = values[r]!;
      out[at[r]!] = Number.isFinite(v) ? v : options.fallback;
    }
  }
  return out;
}
