// The learned models: regression forecasters, mljs machine learning, brain.js neural nets and ensembles of the
// rule models. Every one is generated from a family and its parameter grid.
import { memberSets } from './families/ensemble/member-sets.ts';
import { performanceWeightedFamily } from './families/ensemble/performance-weighted.ts';
import { stackingFamily } from './families/ensemble/stacking.ts';
import { voteFamily } from './families/ensemble/vote.ts';
import { decisionTreeFamily } from './families/machine-learning/decision-tree.ts';
import { knnFamily } from './families/machine-learning/knn.ts';
import { logisticRegressionFamily } from './families/machine-learning/logistic-regression.ts';
import { naiveBayesFamily } from './families/machine-learning/naive-bayes.ts';
import { randomForestFamily } from './families/machine-learning/random-forest.ts';
import { feedForwardFamily } from './families/neural/feed-forward.ts';
import { recurrentFamily } from './families/neural/recurrent-time-step.ts';
import { autoregressionFamily } from './families/regression/autoregression.ts';
import { kernelRidgeFamily } from './families/regression/kernel-ridge.ts';
import { polynomialTrendFamily } from './families/regression/polynomial-trend.ts';
import { robustPolynomialArFamily } from './families/regression/robust-polynomial-ar.ts';
import { theilSenTrendFamily } from './families/regression/theil-sen-trend.ts';
import { expandFamilies, type ModelFamily } from './family.ts';
import type { Model } from './model.ts';
import { ruleModels } from './rule-models.ts';

export const regressionFamilies = [
  polynomialTrendFamily,
  autoregressionFamily,
  theilSenTrendFamily,
  robustPolynomialArFamily,
  kernelRidgeFamily,
] as const;

export const machineLearningFamilies = [
  randomForestFamily,
  decisionTreeFamily,
  knnFamily,
  naiveBayesFamily,
  logisticRegressionFamily,
] as const;

export const neuralFamilies = [feedForwardFamily, recurrentFamily] as const;

/** Ensemble windows: a quarter and a year of realised member returns. */
const performanceWindows = [63, 252] as const;

/** The ensemble families over a pool of position models (a member set missing any member is left out). */
export function ensembleFamilies(pool: readonly Model[]): ModelFamily<unknown>[] {
  return [
    voteFamily(memberSets, pool),
    performanceWeightedFamily(memberSets, pool, performanceWindows),
    stackingFamily(memberSets, pool),
  ] as ModelFamily<unknown>[];
}

/** Every learned family, the ensembles built over `pool`. */
export function learningFamilies(pool: readonly Model[]): ModelFamily<unknown>[] {
  return [...regressionFamilies, ...machineLearningFamilies, ...neuralFamilies, ...ensembleFamilies(pool)] as ModelFamily<unknown>[];
}

let built: Model[] | undefined;

/** The learned models, built once (a fresh array each call; the models themselves are stateless). */
export function learningModels(): Model[] {
  built ??= expandFamilies(...learningFamilies(ruleModels()));
  return [...built];
}
