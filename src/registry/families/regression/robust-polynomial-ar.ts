// Robust polynomial autoregression: the next bar's return as a polynomial of today's return, fitted by least median
// of squares (ml-regression's RobustPolynomialRegression algorithm, in least-median-polynomial.ts so that flat days
// cannot make it fail), so crash days cannot drag the curve.
import { defineFamily, defineModel } from '../../family.ts';
import { buildFeatures } from '../../features/feature-sets.ts';
import { runWalkForward, type Learner, type WalkForwardPlan } from '../../features/walk-forward.ts';
import { mulberry32 } from '../../seeded-random.ts';
import { leastMedianPolynomial, polynomialAt } from './least-median-polynomial.ts';

export interface RobustPolynomialArParams {
  readonly degree: 1 | 2 | 3;
}

interface RobustFit {
  /** Coefficients of powers 0..degree. */
  readonly coefficients: Float64Array;
  /**
   * The central 98% of the training inputs and targets: the fit describes the bulk of the data, so a polynomial is
   * neither evaluated nor trusted beyond it (a crash day would otherwise send a cubic far off).
   */
  readonly xLo: number;
  readonly xHi: number;
  readonly yLo: number;
  readonly yHi: number;
}

/** The 1st and 99th percentiles of a sample. */
function centralRange(values: readonly number[]): [number, number] {
  const sorted = Float64Array.from(values).sort();
  const last = sorted.length - 1;
  return [sorted[Math.floor(0.01 * last)]!, sorted[Math.ceil(0.99 * last)]!];
}

function robustLearner(degree: number): Learner<RobustFit> {
  return {
    fit(x, y, seed) {
      const xs = x.map((row) => row[0]!);
      // random point tuples from a seeded stream, for reproducible fits (the same draws the library made from a
      // seeded Math.random); tuples made singular by equal returns are solved by pseudo-inverse, not fatal
      const fit = leastMedianPolynomial(xs, y, degree, mulberry32(seed));
      if (!fit) return undefined;
      const [xLo, xHi] = centralRange(xs);
      const [yLo, yHi] = centralRange(y);
      return { coefficients: fit.coefficients, xLo, xHi, yLo, yHi };
    },
    predict(fit, x) {
      return x.map((row) => {
        const input = Math.min(fit.xHi, Math.max(fit.xLo, row[0]!));
        return Math.min(fit.yHi, Math.max(fit.yLo, polynomialAt(fit.coefficients, input)));
      });
    },
  };
}

const plan: WalkForwardPlan = { minTrain: 252, refitEvery: 126, maxSamples: 500, minSamples: 100 };

export const robustPolynomialArFamily = defineFamily<RobustPolynomialArParams>({
  name: 'robust-polynomial-ar',
  grid: [{ degree: 1 }, { degree: 2 }, { degree: 3 }],
  create(p) {
    return defineModel(
      {
        id: `robust-poly-ar-deg${p.degree}`,
        name: `Robust degree-${p.degree} autoregression`,
        category: 'regression',
        description:
          `The next bar's return as a degree-${p.degree} polynomial of today's (standardised) return, fitted by least ` +
          'median of squares on random point tuples (seeded; a tuple made singular by equal returns, as on flat days, is ' +
          'solved by pseudo-inverse). Walk-forward: first fit at bar 252, refitted every 126 ' +
          "bars on the last 500 return pairs. Inputs and forecasts are kept within the central 98% of the training data.",
        params: { degree: p.degree, minTrain: plan.minTrain, refitEvery: plan.refitEvery, maxSamples: plan.maxSamples },
        inputs: ['close'],
        output: 'forecast',
        minHistory: plan.minTrain,
      },
      (ctx) => {
        const close = ctx.bars.close;
        const features = buildFeatures(close, 'lags1');
        return runWalkForward(close, features, plan, robustLearner(p.degree), {
          seed: ctx.seed ?? 42,
          standardize: true,
          fallback: NaN,
        });
      },
    );
  },
});
