// Logistic regression classifiers (ml-logistic-regression) of next-bar direction on standardised engineered
// features, long/flat.
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { defineFamily } from '../../family.ts';
import { describeFeatureSet, type FeatureSet } from '../../features/feature-sets.ts';
import { defineWalkForwardModel, describePlan, firstFitIndex, planParams } from '../../features/walk-forward-model.ts';
import type { Learner, WalkForwardPlan } from '../../features/walk-forward.ts';
import { classifierOutputNote, upDownLabels } from './up-down-labels.ts';

export interface LogisticParams {
  readonly features: FeatureSet;
}

const steps = 100;

function logisticPlan(p: LogisticParams): WalkForwardPlan {
  return { minTrain: firstFitIndex(p.features), refitEvery: 252, maxSamples: 500, minSamples: 150 };
}

/** The library fits no intercept: a leading column of ones gives it one. */
function withOnes(x: number[][]): Matrix {
  return new Matrix(x.map((row) => [1, ...row]));
}

const logisticLearner: Learner<LogisticRegression> = {
  fit(x, y) {
    const labels = upDownLabels(y);
    if (labels === undefined) return undefined;
    // the library steps along the summed (not averaged) gradient: 4/samples is a step of 4 on the mean gradient,
    // stable on standardised inputs (the log-loss curvature is at most a quarter of the features' variance)
    const model = new LogisticRegression({ numSteps: steps, learningRate: 4 / x.length });
    model.train(withOnes(x), Matrix.columnVector(labels));
    return model;
  },
  predict(model, x) {
    return model.predict(withOnes(x));
  },
};

export const logisticRegressionFamily = defineFamily<LogisticParams>({
  name: 'logistic-regression',
  grid: [{ features: 'lags10' }, { features: 'tech' }, { features: 'mix' }],
  create(p) {
    const plan = logisticPlan(p);
    return defineWalkForwardModel({
      spec: {
        id: `logreg-${p.features}`,
        name: `Logistic regression, ${p.features} features`,
        category: 'machine-learning',
        description:
          "Logistic regression (ml-logistic-regression, with an intercept column, gradient descent of " +
          `${steps} steps) of the next bar's direction on ${describeFeatureSet(p.features)}, standardised on the ` +
          `training window. ${describePlan(plan)} ${classifierOutputNote}`,
        params: { features: p.features, steps, ...planParams(plan) },
        output: 'position',
      },
      features: p.features,
      plan,
      learner: logisticLearner,
      standardize: true,
    });
  },
});
