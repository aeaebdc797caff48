// k-nearest-neighbour classifiers (ml-knn) of next-bar direction on standardised engineered features, long/flat.
import KNN from 'ml-knn';
import { defineFamily, grid } from '../../family.ts';
import { describeFeatureSet, type FeatureSet } from '../../features/feature-sets.ts';
import { defineWalkForwardModel, describePlan, firstFitIndex, planParams } from '../../features/walk-forward-model.ts';
import type { Learner, WalkForwardPlan } from '../../features/walk-forward.ts';
import { classifierOutputNote, upDownLabels } from './up-down-labels.ts';

export interface KnnParams {
  readonly features: FeatureSet;
  readonly k: number;
}

function knnPlan(p: KnnParams): WalkForwardPlan {
  return { minTrain: firstFitIndex(p.features), refitEvery: 252, maxSamples: 500, minSamples: 150 };
}

function knnLearner(p: KnnParams): Learner<KNN> {
  return {
    fit(x, y) {
      const labels = upDownLabels(y);
      return labels === undefined ? undefined : new KNN(x, labels, { k: p.k });
    },
    predict(knn, x) {
      return knn.predict(x);
    },
  };
}

export const knnFamily = defineFamily<KnnParams>({
  name: 'knn',
  grid: grid({ features: ['lags10', 'tech', 'mix'] as FeatureSet[], k: [25] }),
  create(p) {
    const plan = knnPlan(p);
    return defineWalkForwardModel({
      spec: {
        id: `knn-${p.features}-k${p.k}`,
        name: `k-nearest neighbours (k=${p.k}), ${p.features} features`,
        category: 'machine-learning',
        description:
          `Majority vote of the ${p.k} most similar past days (Euclidean distance, ml-knn) on the next bar's direction, ` +
          `using ${describeFeatureSet(p.features)}, standardised on the training window. ${describePlan(plan)} ` +
          classifierOutputNote,
        params: { features: p.features, k: p.k, ...planParams(plan) },
        output: 'position',
      },
      features: p.features,
      plan,
      learner: knnLearner(p),
      standardize: true,
    });
  },
});
