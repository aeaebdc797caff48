// Random forests (ml-random-forest) on engineered features: a classifier of next-bar direction trading long/flat,
// and a regressor forecasting the next bar's return.
import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { defineFamily, grid } from '../../family.ts';
import { describeFeatureSet, type FeatureSet } from '../../features/feature-sets.ts';
import { defineWalkForwardModel, describePlan, firstFitIndex, planParams } from '../../features/walk-forward-model.ts';
import type { Learner, WalkForwardPlan } from '../../features/walk-forward.ts';
import { classifierOutputNote, upDownLabels } from './up-down-labels.ts';

export interface RandomForestParams {
  readonly task: 'clf' | 'reg';
  readonly features: FeatureSet;
  readonly trees: number;
  readonly maxDepth: number;
}

// ml-cart evaluates every split point against every sample, so a tree costs O(samples^2) per level:
// 250 pairs, half the features per tree and refits every two years keep a forest model near 2 s on 5000 bars
function forestPlan(p: RandomForestParams): WalkForwardPlan {
  return { minTrain: firstFitIndex(p.features), refitEvery: 504, maxSamples: 250, minSamples: 150 };
}

function forestOptions(p: RandomForestParams, seed: number) {
  return {
    nEstimators: p.trees,
    maxFeatures: 0.5,
    replacement: true,
    useSampleBagging: true,
    noOOB: true,
    isClassifier: p.task === 'clf',
    // the forest's own generator draws the bootstrap samples and feature subsets
    seed: seed & 0x7fffffff,
    treeOptions: { maxDepth: p.maxDepth, minNumSamples: 10 },
  };
}

function forestLearner(p: RandomForestParams): Learner<RandomForestClassifier | RandomForestRegression> {
  return {
    fit(x, y, seed) {
      if (p.task === 'reg') {
        const forest = new RandomForestRegression(forestOptions(p, seed));
        forest.train(x, y);
        return forest;
      }
      const labels = upDownLabels(y);
      if (labels === undefined) return undefined;
      const forest = new RandomForestClassifier(forestOptions(p, seed));
      forest.train(x, labels);
      return forest;
    },
    predict(forest, x) {
      return forest.predict(x);
    },
  };
}

export const randomForestFamily = defineFamily<RandomForestParams>({
  name: 'random-forest',
  grid: [
    ...grid({ task: ['clf'] as const, features: ['tech', 'mix'] as FeatureSet[], trees: [12], maxDepth: [4] }),
    ...grid({ task: ['reg'] as const, features: ['tech'] as FeatureSet[], trees: [12], maxDepth: [4] }),
  ],
  create(p) {
    const plan = forestPlan(p);
    const clf = p.task === 'clf';
    return defineWalkForwardModel({
      spec: {
        id: `rf-${p.task}-${p.features}-${p.trees}`,
        name: `Random forest ${clf ? 'classifier' : 'regression'}, ${p.trees} trees, ${p.features} features`,
        category: 'machine-learning',
        description:
          `${clf ? "Random forest classifier of the next bar's direction" : "Random forest regression of the next bar's return"} ` +
          `(ml-random-forest: ${p.trees} bootstrap trees of depth at most ${p.maxDepth}, half of the features each, seeded) on ` +
          `${describeFeatureSet(p.features)}. ${describePlan(plan)} ` +
          (clf ? classifierOutputNote : "Output: the forest's mean forecast of the next bar's return."),
        params: { task: p.task, features: p.features, trees: p.trees, maxDepth: p.maxDepth, ...planParams(plan) },
        output: clf ? 'position' : 'forecast',
      },
      features: p.features,
      plan,
      learner: forestLearner(p),
      standardize: false,
    });
  },
});
