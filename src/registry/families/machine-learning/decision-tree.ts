// Single CART decision trees (ml-cart) on engineered features: a classifier of next-bar direction trading
// long/flat, and a regression tree forecasting the next bar's return.
import { DecisionTreeClassifier, DecisionTreeRegression } from 'ml-cart';
import { defineFamily, grid } from '../../family.ts';
import { describeFeatureSet, type FeatureSet } from '../../features/feature-sets.ts';
import { defineWalkForwardModel, describePlan, firstFitIndex, planParams } from '../../features/walk-forward-model.ts';
import type { Learner, WalkForwardPlan } from '../../features/walk-forward.ts';
import { classifierOutputNote, upDownLabels } from './up-down-labels.ts';

export interface DecisionTreeParams {
  readonly task: 'clf' | 'reg';
  readonly features: FeatureSet;
  readonly maxDepth: number;
}

// a split search costs O(samples^2) in ml-cart: 300 pairs, yearly refits
function treePlan(p: DecisionTreeParams): WalkForwardPlan {
  return { minTrain: firstFitIndex(p.features), refitEvery: 252, maxSamples: 300, minSamples: 150 };
}

function treeLearner(p: DecisionTreeParams): Learner<DecisionTreeClassifier | DecisionTreeRegression> {
  // at least 20 samples per split keeps the leaves from memorising single days
  const options = { maxDepth: p.maxDepth, minNumSamples: 20 };
  return {
    fit(x, y) {
      if (p.task === 'reg') {
        const tree = new DecisionTreeRegression(options);
        tree.train(x, y);
        return tree;
      }
      const labels = upDownLabels(y);
      if (labels === undefined) return undefined;
      const tree = new DecisionTreeClassifier(options);
      tree.train(x, labels);
      return tree;
    },
    predict(tree, x) {
      return tree.predict(x);
    },
  };
}

export const decisionTreeFamily = defineFamily<DecisionTreeParams>({
  name: 'decision-tree',
  grid: [
    ...grid({ task: ['clf'] as const, features: ['lags10', 'tech', 'mix'] as FeatureSet[], maxDepth: [3, 6] }),
    ...grid({ task: ['reg'] as const, features: ['tech'] as FeatureSet[], maxDepth: [4] }),
  ],
  create(p) {
    const plan = treePlan(p);
    const clf = p.task === 'clf';
    return defineWalkForwardModel({
      spec: {
        id: `cart-${p.task}-${p.features}-d${p.maxDepth}`,
        name: `Decision tree ${clf ? 'classifier' : 'regression'}, depth ${p.maxDepth}, ${p.features} features`,
        category: 'machine-learning',
        description:
          `${clf ? "CART classifier (Gini) of the next bar's direction" : "CART regression tree of the next bar's return"} ` +
          `(ml-cart, depth at most ${p.maxDepth}, at least 20 samples per split) on ${describeFeatureSet(p.features)}. ` +
          `${describePlan(plan)} ` +
          (clf ? classifierOutputNote : "Output: the leaf's mean next-bar return as the forecast."),
        params: { task: p.task, features: p.features, maxDepth: p.maxDepth, ...planParams(plan) },
        output: clf ? 'position' : 'forecast',
      },
      features: p.features,
      plan,
      learner: treeLearner(p),
      standardize: false,
    });
  },
});
