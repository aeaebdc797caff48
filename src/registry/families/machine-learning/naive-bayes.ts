// Gaussian naive Bayes classifiers (ml-naivebayes) of next-bar direction on engineered features, long/flat.
import { GaussianNB } from 'ml-naivebayes';
import { defineFamily } from '../../family.ts';
import { describeFeatureSet, type FeatureSet } from '../../features/feature-sets.ts';
import { defineWalkForwardModel, describePlan, firstFitIndex, planParams } from '../../features/walk-forward-model.ts';
import type { Learner, WalkForwardPlan } from '../../features/walk-forward.ts';
import { classifierOutputNote, upDownLabels } from './up-down-labels.ts';

export interface NaiveBayesParams {
  readonly features: FeatureSet;
}

function bayesPlan(p: NaiveBayesParams): WalkForwardPlan {
  return { minTrain: firstFitIndex(p.features), refitEvery: 63, maxSamples: 2520, minSamples: 150 };
}

/**
 * The most probable class of a row from the fitted per-class means and deviations. ml-naivebayes 4.0.0 fits these
 * correctly, but its own `predict` scores only the first two features and throws when asked for exactly
 * features + 1 rows, so the posterior is evaluated here, in log space.
 */
export function gaussianNbClass(nb: GaussianNB, row: readonly number[]): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let c = 0; c < nb.calculateProbabilities.length; c++) {
    const [logPrior, ...perFeature] = nb.calculateProbabilities[c]!;
    let score = logPrior;
    for (let j = 0; j < perFeature.length; j++) {
      const [norm, negTwoVar] = perFeature[j]!;
      const d = row[j]! - nb.means[c]![j]!;
      // a feature constant within a class (zero deviation) carries no usable density: skip it
      if (Number.isFinite(norm) && negTwoVar < 0) score += Math.log(norm) + (d * d) / negTwoVar;
    }
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

const bayesLearner: Learner<GaussianNB> = {
  fit(x, y) {
    const labels = upDownLabels(y);
    if (labels === undefined) return undefined;
    const nb = new GaussianNB();
    nb.train(x, labels);
    return nb;
  },
  predict(nb, x) {
    return x.map((row) => gaussianNbClass(nb, row));
  },
};

export const naiveBayesFamily = defineFamily<NaiveBayesParams>({
  name: 'naive-bayes',
  grid: [{ features: 'lags10' }, { features: 'tech' }, { features: 'mix' }],
  create(p) {
    const plan = bayesPlan(p);
    return defineWalkForwardModel({
      spec: {
        id: `gnb-${p.features}`,
        name: `Gaussian naive Bayes, ${p.features} features`,
        category: 'machine-learning',
        description:
          "Gaussian naive Bayes (ml-naivebayes) classifier of the next bar's direction: per class, each feature is " +
          `modelled as an independent normal. Features: ${describeFeatureSet(p.features)}. ${describePlan(plan)} ` +
          classifierOutputNote,
        params: { features: p.features, ...planParams(plan) },
        output: 'position',
      },
      features: p.features,
      plan,
      learner: bayesLearner,
      standardize: false,
    });
  },
});
