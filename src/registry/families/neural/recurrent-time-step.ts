// Recurrent neural forecasters (brain.js LSTMTimeStep and GRUTimeStep): the net reads the last L daily returns as
// a sequence and predicts the next one. Small, bounded, seeded training.
import brain from 'brain.js';
import { defineFamily, grid } from '../../family.ts';
import type { FeatureSet } from '../../features/feature-sets.ts';
import { defineWalkForwardModel, describePlan, planParams } from '../../features/walk-forward-model.ts';
import type { Learner, WalkForwardPlan } from '../../features/walk-forward.ts';
import { withSeededRandom } from '../../seeded-random.ts';
import { fitReturnScale, fromUnits, toUnits, type ReturnScale } from './return-scaling.ts';

export interface RecurrentParams {
  readonly cell: 'lstm' | 'gru';
  readonly hidden: number;
  readonly lags: number;
}

export const recurrentTraining = { iterations: 30, learningRate: 0.01, errorThresh: 1e-4 } as const;

// an unrolled recurrent step is costly in brain.js: 250 sequences and refits every two years
const plan: WalkForwardPlan = { minTrain: 252, refitEvery: 504, maxSamples: 250, minSamples: 150 };

interface FittedRecurrent {
  readonly net: brain.recurrent.RNNTimeStep;
  readonly scale: ReturnScale;
}

/** A feature row holds the latest return first; the net wants the sequence oldest first, in scale units. */
function sequence(row: readonly number[], scale: ReturnScale): number[] {
  const out = new Array<number>(row.length);
  for (let k = 0; k < row.length; k++) out[row.length - 1 - k] = toUnits(row[k]!, scale);
  return out;
}

function recurrentLearner(p: RecurrentParams): Learner<FittedRecurrent> {
  return {
    fit(x, y, seed) {
      const scale = fitReturnScale(y);
      if (scale === undefined) return undefined;
      // each training sequence is the L returns followed by the next one: the net learns every next step
      const data = x.map((row, i) => [...sequence(row, scale), toUnits(y[i]!, scale)]);
      const net = withSeededRandom(seed, () => {
        const options = { inputSize: 1, hiddenLayers: [p.hidden], outputSize: 1 };
        const n = p.cell === 'lstm' ? new brain.recurrent.LSTMTimeStep(options) : new brain.recurrent.GRUTimeStep(options);
        n.train(data, { ...recurrentTraining, log: false });
        return n;
      });
      return { net, scale };
    },
    predict(fit, x) {
      return x.map((row) => fromUnits(fit.net.run<number[], number>(sequence(row, fit.scale)), fit.scale));
    },
  };
}

export const recurrentFamily = defineFamily<RecurrentParams>({
  name: 'nn-recurrent',
  grid: grid({ cell: ['lstm', 'gru'] as const, hidden: [4], lags: [5, 10] }),
  create(p) {
    const features: FeatureSet = `lags${p.lags}`;
    const cellName = p.cell === 'lstm' ? 'LSTM' : 'GRU';
    return defineWalkForwardModel({
      spec: {
        id: `nn-${p.cell}-${p.hidden}-lags${p.lags}`,
        name: `${cellName} (${p.hidden} units), ${p.lags}-day sequences`,
        category: 'neural',
        description:
          `A brain.js ${cellName}TimeStep network with one hidden layer of ${p.hidden} units reads the last ${p.lags} ` +
          "daily returns as a sequence (scaled by four training standard deviations) and forecasts the next bar's " +
          `return. Training: ${recurrentTraining.iterations} iterations at learning rate ` +
          `${recurrentTraining.learningRate}, seeded initial weights. ${describePlan(plan)}`,
        params: { cell: p.cell, hidden: p.hidden, lags: p.lags, ...recurrentTraining, ...planParams(plan) },
        output: 'forecast',
      },
      features,
      plan,
      learner: recurrentLearner(p),
      // the raw returns are scaled inside the learner with the targets' scale, so inputs and outputs share units
      standardize: false,
    });
  },
});
