// Stacked ensembles: a meta-model fitted walk-forward on the members' past target weights against the realised
// next-bar returns (least squares) or directions (logistic), trading long/flat on its verdict.
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { MultivariateLinearRegression } from 'ml-regression';
import { defineFamily, defineModel, type ModelFamily } from '../../family.ts';
import { fromColumns } from '../../features/feature-matrix.ts';
import { describePlan, planParams } from '../../features/walk-forward-model.ts';
import { runWalkForward, type Learner, type WalkForwardPlan } from '../../features/walk-forward.ts';
import type { Model } from '../../model.ts';
import { upDownLabels } from '../machine-learning/up-down-labels.ts';
import { memberFields, memberPositions, resolveMembers, type MemberSet } from './member-sets.ts';

export interface StackingParams {
  readonly set: MemberSet;
  readonly members: readonly Model[];
  readonly meta: 'linear' | 'logistic';
}

// training starts where every member can decide; the first fit a year later, then yearly on up to three years
function stackPlan(memberHistory: number): WalkForwardPlan {
  return { minTrain: memberHistory + 252, refitEvery: 252, maxSamples: 756, minSamples: 200 };
}

/** Least squares of the next return on the members' weights: long when the fitted return is positive. */
const linearMeta: Learner<MultivariateLinearRegression> = {
  fit(x, y) {
    const mlr = new MultivariateLinearRegression(x, y.map((v) => [v]), { intercept: true, statistics: false });
    return mlr.weights.every((row) => Number.isFinite(row[0])) ? mlr : undefined;
  },
  predict(mlr, x) {
    return mlr.predict(x).map((row) => (row[0]! > 0 ? 1 : 0));
  },
};

/** Logistic regression of the next bar's direction on the members' weights (plus an intercept column). */
const logisticMeta: Learner<LogisticRegression> = {
  fit(x, y) {
    const labels = upDownLabels(y);
    if (labels === undefined) return undefined;
    // summed-gradient steps: 4/samples is a step of 4 on the mean gradient
    const model = new LogisticRegression({ numSteps: 100, learningRate: 4 / x.length });
    model.train(new Matrix(x.map((row) => [1, ...row])), Matrix.columnVector(labels));
    return model;
  },
  predict(model, x) {
    return model.predict(new Matrix(x.map((row) => [1, ...row])));
  },
};

export function stackingFamily(sets: readonly MemberSet[], pool: readonly Model[]): ModelFamily<StackingParams> {
  const points: StackingParams[] = [];
  for (const set of sets) {
    const members = resolveMembers(set, pool);
    if (members === undefined) continue;
    for (const meta of ['linear', 'logistic'] as const) points.push({ set, members, meta });
  }
  return defineFamily<StackingParams>({
    name: 'ensemble-stacking',
    grid: points,
    create(p) {
      const { inputs, memberHistory } = memberFields(p.members);
      const plan = stackPlan(memberHistory);
      return defineModel(
        {
          id: `ens-stack-${p.meta}-${p.set.name}`,
          name: `Stacked ${p.meta} meta-model over ${p.set.label}`,
          category: 'ensemble',
          description:
            `Stacking over ${p.set.label} (${p.set.ids.join(', ')}): ` +
            (p.meta === 'linear'
              ? "a least-squares regression of the next bar's return on the members' target weights (with intercept); long when its forecast is positive, else flat. "
              : "a logistic regression (100 gradient steps, with intercept) of the next bar's direction on the members' target weights; long when it predicts up, else flat. ") +
            describePlan(plan),
          params: { members: [...p.set.ids], meta: p.meta, ...planParams(plan) },
          inputs,
          output: 'position',
          minHistory: plan.minTrain,
        },
        (ctx) => {
          const positions = memberPositions(p.members, ctx);
          // before every member can decide their zeros say nothing: keep those bars out of training
          for (const w of positions) w.fill(NaN, 0, Math.min(memberHistory, w.length));
          const features = fromColumns(p.set.ids, positions);
          const options = { seed: ctx.seed ?? 42, standardize: false, fallback: 0 };
          return p.meta === 'linear'
            ? runWalkForward(ctx.bars.close, features, plan, linearMeta, options)
            : runWalkForward(ctx.bars.close, features, plan, logisticMeta, options);
        },
      );
    },
  });
}
