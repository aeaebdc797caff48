// Kernel ridge regression forecasters: a Gaussian-kernel ridge fit of the next bar's return on lagged returns
// (ml-regression's KernelRidgeRegression), a smooth nonlinear autoregression.
import { KernelRidgeRegression } from 'ml-regression';
import { defineFamily, defineModel, grid } from '../../family.ts';
import { buildFeatures } from '../../features/feature-sets.ts';
import { runWalkForward, type Learner, type WalkForwardPlan } from '../../features/walk-forward.ts';

export interface KernelRidgeParams {
  readonly lags: 5 | 10;
  readonly lambda: number;
}

// the kernel matrix is samples x samples: 300 pairs keep each fit near 0.1 s
const plan: WalkForwardPlan = { minTrain: 252, refitEvery: 252, maxSamples: 300, minSamples: 100 };

function kernelRidgeLearner(p: KernelRidgeParams): Learner<KernelRidgeRegression> {
  // standardised inputs: squared distances grow with the lag count, so the bandwidth does too
  const sigma = Math.sqrt(p.lags);
  return {
    fit(x, y) {
      return new KernelRidgeRegression(x, y.map((v) => [v]), {
        kernelType: 'gaussian',
        kernelOptions: { sigma },
        lambda: p.lambda,
      });
    },
    predict(model, x) {
      // one kernel matrix for all rows, as the library's predict computes row by row (the same sums): a matrix per
      // row cost more than the fit
      return model.kernel.compute(x, model.inputs).mmul(model.alpha).getColumn(0);
    },
  };
}

export const kernelRidgeFamily = defineFamily<KernelRidgeParams>({
  name: 'kernel-ridge',
  grid: grid({ lags: [5, 10] as const, lambda: [1] }),
  create(p) {
    return defineModel(
      {
        id: `kernel-ridge-rbf-lags${p.lags}`,
        name: `Kernel ridge (Gaussian) on ${p.lags} lagged returns`,
        category: 'regression',
        description:
          `Kernel ridge regression with a Gaussian kernel (bandwidth sqrt(${p.lags}) on standardised inputs, ridge ` +
          `${p.lambda}) of the next bar's return on the last ${p.lags} daily returns. Walk-forward: first fit at bar ` +
          `${plan.minTrain}, refitted every ${plan.refitEvery} bars on the last ${plan.maxSamples} return pairs.`,
        params: { lags: p.lags, lambda: p.lambda, sigma: Math.sqrt(p.lags), minTrain: plan.minTrain, refitEvery: plan.refitEvery, maxSamples: plan.maxSamples },
        inputs: ['close'],
        output: 'forecast',
        minHistory: plan.minTrain,
      },
      (ctx) => {
        const close = ctx.bars.close;
        return runWalkForward(close, buildFeatures(close, `lags${p.lags}`), plan, kernelRidgeLearner(p), {
          seed: ctx.seed ?? 42,
          standardize: true,
          fallback: NaN,
        });
      },
    );
  },
});
