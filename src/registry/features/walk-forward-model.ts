// Builds a registry model from a feature set, a walk-forward plan and a learner: the glue shared by the
// regression, machine-learning and neural families.
import { defineModel } from '../family.ts';
import type { Model, ModelSpec } from '../model.ts';
import { buildFeatures, featureWarmup, type FeatureSet } from './feature-sets.ts';
import { runWalkForward, type Learner, type WalkForwardPlan } from './walk-forward.ts';

export interface WalkForwardModelOptions<M> {
  readonly spec: Omit<ModelSpec, 'minHistory' | 'inputs'>;
  readonly features: FeatureSet;
  readonly plan: WalkForwardPlan;
  readonly learner: Learner<M>;
  readonly standardize: boolean;
}

/** The first fit's bar: a year of training pairs after the feature set's warm-up (252 or 504). */
export function firstFitIndex(features: FeatureSet): number {
  return featureWarmup(features) >= 100 ? 504 : 252;
}

export function defineWalkForwardModel<M>(o: WalkForwardModelOptions<M>): Model {
  return defineModel({ ...o.spec, inputs: ['close'], minHistory: o.plan.minTrain }, (ctx) => {
    const close = ctx.bars.close;
    return runWalkForward(close, buildFeatures(close, o.features), o.plan, o.learner, {
      seed: ctx.seed ?? 42,
      standardize: o.standardize,
      fallback: o.spec.output === 'position' ? 0 : NaN,
    });
  });
}

/** The plan's schedule in words, for model cards. */
export function describePlan(plan: WalkForwardPlan): string {
  return (
    `Walk-forward: first fit at bar ${plan.minTrain}, refitted every ${plan.refitEvery} bars on at most the last ` +
    `${plan.maxSamples} (features, next-bar return) pairs; between refits the latest fit predicts.`
  );
}

/** A plan's numbers for a card's params. */
export function planParams(plan: WalkForwardPlan): Record<string, number> {
  return { minTrain: plan.minTrain, refitEvery: plan.refitEvery, maxSamples: plan.maxSamples };
}
