// Autoregressive forecasters: next-bar return regressed on the last p returns (ordinary least squares with an
// intercept, ml-regression's MultivariateLinearRegression), refitted walk-forward.
import { MultivariateLinearRegression } from 'ml-regression';
import { defineFamily, defineModel, grid } from '../../family.ts';
import { buildFeatures } from '../../features/feature-sets.ts';
import { runWalkForward, type Learner, type WalkForwardPlan } from '../../features/walk-forward.ts';

export interface AutoregressionParams {
  readonly lags: number;
  /** Most recent training pairs per fit: 2520 (about ten years, effectively expanding) or a rolling 504. */
  readonly window: number;
}

export interface ArFit {
  /** The intercept. */
  readonly intercept: number;
  /** coefficients[k] multiplies the return k bars back (k = 0: the latest bar's return). */
  readonly coefficients: readonly number[];
}

/** Least-squares AR fit: each row of x holds lagged returns (latest first), y the following return. */
export function fitAutoregression(x: number[][], y: number[]): ArFit {
  const mlr = new MultivariateLinearRegression(x, y.map((v) => [v]), { intercept: true, statistics: false });
  const w = mlr.weights.map((row) => row[0]!);
  return { intercept: w[w.length - 1]!, coefficients: w.slice(0, w.length - 1) };
}

const arLearner: Learner<ArFit> = {
  fit(x, y) {
    const fit = fitAutoregression(x, y);
    return Number.isFinite(fit.intercept) && fit.coefficients.every(Number.isFinite) ? fit : undefined;
  },
  predict(fit, x) {
    return x.map((row) => {
      let v = fit.intercept;
      for (let k = 0; k < row.length; k++) v += fit.coefficients[k]! * row[k]!;
      return v;
    });
  },
};

export function arPlan(p: AutoregressionParams): WalkForwardPlan {
  return { minTrain: 252, refitEvery: 63, maxSamples: p.window, minSamples: Math.max(60, 5 * (p.lags + 1)) };
}

export const autoregressionFamily = defineFamily<AutoregressionParams>({
  name: 'autoregression',
  grid: grid({ lags: [1, 2, 3, 5, 10, 20], window: [2520, 504] }),
  create(p) {
    const plan = arPlan(p);
    const rolling = p.window < 2520;
    return defineModel(
      {
        id: rolling ? `ar-${p.lags}-w${p.window}` : `ar-${p.lags}`,
        name: `AR(${p.lags}) on daily returns${rolling ? `, rolling ${p.window} bars` : ''}`,
        category: 'regression',
        description:
          `Autoregression: the next bar's return regressed (least squares, with intercept) on the last ${p.lags} daily ` +
          `returns. Walk-forward: first fit at bar ${plan.minTrain}, refitted every ${plan.refitEvery} bars on ` +
          (rolling ? `the last ${p.window} return pairs.` : `all return pairs so far (at most the last ${p.window}).`),
        params: { lags: p.lags, window: p.window, minTrain: plan.minTrain, refitEvery: plan.refitEvery },
        inputs: ['close'],
        output: 'forecast',
        minHistory: plan.minTrain,
      },
      (ctx) => {
        const close = ctx.bars.close;
        const features = buildFeatures(close, `lags${p.lags}`);
        return runWalkForward(close, features, plan, arLearner, { seed: ctx.seed ?? 42, standardize: false, fallback: NaN });
      },
    );
  },
});
