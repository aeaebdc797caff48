// Walk-forward evaluation of one model on one symbol: run it once (it retrains itself causally) and score its output.
import { performance } from 'node:perf_hooks';
import type { BarSeries, ExtraSeries, Model } from '../../registry/model.ts';
import { endsInWarmUp, firstActingIndex } from '../backtest/warm-up.ts';
import { UserError } from '../user-error.ts';
import { matchingVarModel, type ModelLookup } from './matching-var.ts';
import { isExpectedShortfall, riskLevelOf } from './risk-measure.ts';
import { scoreModelOutput, type RiskMeasure } from './score-model-output.ts';
import type { ScoreOptions } from './score-window.ts';
import { isoDate } from '../../calendar/dates.ts';

export interface EvaluationInput {
  bars: BarSeries;
  series?: Readonly<Record<string, ExtraSeries>>;
}

export interface EvaluateOptions extends ScoreOptions {
  /** Seed handed to the model (default 1) so learned models give the same figures every run. */
  seed?: number;
  /** Also return the model's raw output (one value per bar). */
  keepPredictions?: boolean;
  /** Also return the seconds the run and scoring took (off by default so results compare equal across runs). */
  timed?: boolean;
}

export interface EvaluationResult {
  modelId: string;
  output: Model['output'];
  /** The scored window: by default from the end of the model's warm-up (minHistory) to the last bar. */
  fromIndex: number;
  toIndex: number;
  from: string;
  to: string;
  bars: number;
  metrics: Record<string, number>;
  predictions?: Float64Array;
  /** With `timed`: seconds spent running the model and scoring its output. */
  seconds?: number;
}


/**
 * Runs and scores one model. `lookup` finds other models by id (the caller's catalog): an expected-shortfall model is
 * backtested against the VaR of the same method, window and level (see matchingVarModel), run on the same bars.
 */
export function evaluateModel(model: Model, input: EvaluationInput | BarSeries, opts: EvaluateOptions = {}, lookup?: ModelLookup): EvaluationResult {
  const { bars, series } = 'bars' in input ? input : { bars: input, series: undefined };
  if (bars.length < 2) throw new UserError(`Evaluating ${model.id} needs at least 2 bars; there are ${bars.length}.`);
  const toIndex = opts.toIndex ?? bars.length - 1;
  // The scored window starts at the first bar that can act on a signal and needs one return after it.
  if (opts.fromIndex === undefined && endsInWarmUp(model, toIndex - 1)) {
    throw new UserError(`${model.id} needs more than ${model.minHistory} bars of history to be evaluated; there are ${toIndex + 1}.`);
  }
  const fromIndex = opts.fromIndex ?? firstActingIndex(model);
  const started = opts.timed ? performance.now() : 0;
  const output = model.run({ bars, series, seed: opts.seed ?? 1 });
  if (output.length !== bars.length) {
    throw new Error(`model ${model.id} returned ${output.length} values for ${bars.length} bars`);
  }
  const level = opts.level ?? (model.output === 'risk' ? riskLevelOf(model) : undefined);
  const metrics = scoreModelOutput(model.output, output, bars, { ...opts, fromIndex, toIndex, level }, model.regimeLabels, riskMeasure(model, bars, series, opts, lookup));
  const result: EvaluationResult = {
    modelId: model.id,
    output: model.output,
    fromIndex,
    toIndex,
    from: isoDate(bars.time[fromIndex]!),
    to: isoDate(bars.time[toIndex]!),
    bars: toIndex - fromIndex + 1,
    metrics,
  };
  if (opts.keepPredictions) result.predictions = output;
  if (opts.timed) result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** A VaR is scored as one; an ES with the VaR paired to it (its own run on the same bars, causal like the ES). */
function riskMeasure(
  model: Model,
  bars: BarSeries,
  series: EvaluationInput['series'],
  opts: EvaluateOptions,
  lookup: ModelLookup | undefined,
): RiskMeasure {
  if (!isExpectedShortfall(model)) return { measure: 'var' };
  const varModel = matchingVarModel(model, lookup);
  const valueAtRisk = varModel?.run({ bars, series, seed: opts.seed ?? 1 });
  return { measure: 'es', valueAtRisk: valueAtRisk?.length === bars.length ? valueAtRisk : undefined };
}
