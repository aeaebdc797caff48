// Feed-forward neural network forecasters (brain.js NeuralNetwork) on standardised lagged returns: the next
// bar's return, learned by a small sigmoid net with bounded, seeded training.
import brain from 'brain.js';
import { defineFamily, grid } from '../../family.ts';
import { describeFeatureSet, type FeatureSet } from '../../features/feature-sets.ts';
import { defineWalkForwardModel, describePlan, planParams } from '../../features/walk-forward-model.ts';
import type { Learner, WalkForwardPlan } from '../../features/walk-forward.ts';
import { withSeededRandom } from '../../seeded-random.ts';
import { fitReturnScale, fromUnits, toUnits, type ReturnScale } from './return-scaling.ts';

export interface FeedForwardParams {
  readonly hidden: readonly number[];
  readonly lags: 5 | 10 | 20;
}

export const feedForwardTraining = { iterations: 100, learningRate: 0.1, momentum: 0.1, errorThresh: 1e-4 } as const;

const plan: WalkForwardPlan = { minTrain: 252, refitEvery: 504, maxSamples: 500, minSamples: 200 };

interface FittedNet {
  readonly net: brain.NeuralNetwork;
  readonly scale: ReturnScale;
}

/**
 * The sigmoid output lives in (0, 1): the target is 0.5 + (return in scale units) / 2, so 0.5 means a zero return.
 * Inputs arrive standardised; they are divided by 4 so a typical day sits well inside the sigmoid's linear range.
 */
function feedForwardLearner(p: FeedForwardParams): Learner<FittedNet> {
  return {
    fit(x, y, seed) {
      const scale = fitReturnScale(y);
      if (scale === undefined) return undefined;
      const data = x.map((row, i) => ({ input: row.map((v) => v / 4), output: [0.5 + toUnits(y[i]!, scale) / 2] }));
      // brain.js draws its initial weights from Math.random: a seeded source makes every fit reproducible
      const net = withSeededRandom(seed, () => {
        const n = new brain.NeuralNetwork({ hiddenLayers: [...p.hidden], activation: 'sigmoid' });
        n.train(data, { ...feedForwardTraining, log: false });
        return n;
      });
      return { net, scale };
    },
    predict(fit, x) {
      return x.map((row) => {
        const out = fit.net.run(row.map((v) => v / 4)) as number[];
        return fromUnits((out[0]! - 0.5) * 2, fit.scale);
      });
    },
  };
}

export const feedForwardFamily = defineFamily<FeedForwardParams>({
  name: 'nn-feed-forward',
  grid: grid({ hidden: [[8], [8, 4], [16]] as number[][], lags: [5, 10] as const }),
  create(p) {
    const features: FeatureSet = `lags${p.lags}`;
    const shape = p.hidden.join('-');
    return defineWalkForwardModel({
      spec: {
        id: `nn-ff-${shape}-lags${p.lags}`,
        name: `Feed-forward net ${shape}, ${p.lags} lags`,
        category: 'neural',
        description:
          `A brain.js feed-forward network (sigmoid, hidden layers ${p.hidden.join(' x ')}) forecasting the next bar's ` +
          `return from ${describeFeatureSet(features)}, standardised on the training window. Training: ` +
          `${feedForwardTraining.iterations} iterations at learning rate ${feedForwardTraining.learningRate}, ` +
          `seeded initial weights. ${describePlan(plan)}`,
        params: { hidden: [...p.hidden], lags: p.lags, ...feedForwardTraining, ...planParams(plan) },
        output: 'forecast',
      },
      features,
      plan,
      learner: feedForwardLearner(p),
      standardize: true,
    });
  },
});
