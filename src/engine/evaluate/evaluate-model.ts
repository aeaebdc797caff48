// Walk-forward evaluation of one model on one symbol: run it once (it retrains itself causally) and score its output.
import { performance } from 'node:perf_hooks';
import type { BarSeries, ExtraSeries, Model } from '../../registry/model.ts';
import { formatDate } from '../backtest/window.ts';
import { UserError } from '../user-error.ts';
import { scoreModelOutput } from './score-model-output.ts';
import type { ScoreOptions } from './score-window.ts';

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

/** The VaR level a risk model states in its params (`level` 0.99 or 99, or `alpha` 0.01); undefined when it does not. */
export function riskLevelOf(model: Model): number | undefined {
  const { level, confidence, alpha } = model.params;
  for (const v of [level, confidence]) if (typeof v === 'number') return v > 1 ? v / 100 : v;
  if (typeof alpha === 'number') return alpha < 0.5 ? 1 - alpha : alpha;
  return undefined;
}

export function evaluateModel(model: Model, input: EvaluationInput | BarSeries, opts: EvaluateOptions = {}): EvaluationResult {
  const { bars, series } = 'bars' in input ? input : { bars: input, series: undefined };
  if (bars.length < 2) throw new UserError(`Evaluating ${model.id} needs at least 2 bars; there are ${bars.length}.`);
  const toIndex = opts.toIndex ?? bars.length - 1;
  if (opts.fromIndex === undefined && model.minHistory >= toIndex) {
    throw new UserError(`${model.id} needs more than ${model.minHistory} bars of history to be evaluated; there are ${toIndex + 1}.`);
  }
  const fromIndex = opts.fromIndex ?? model.minHistory;
  const started = opts.timed ? performance.now() : 0;
  const output = model.run({ bars, series, seed: opts.seed ?? 1 });
  if (output.length !== bars.length) {
    throw new Error(`model ${model.id} returned ${output.length} values for ${bars.length} bars`);
  }
  const level = opts.level ?? (model.output === 'risk' ? riskLevelOf(model) : undefined);
  const metrics = scoreModelOutput(model.output, output, bars, { ...opts, fromIndex, toIndex, level }, model.regimeLabels);
  const result: EvaluationResult = {
    modelId: model.id,
    output: model.output,
    fromIndex,
    toIndex,
    from: formatDate(bars.time[fromIndex]!),
    to: formatDate(bars.time[toIndex]!),
    bars: toIndex - fromIndex + 1,
    metrics,
  };
  if (opts.keepPredictions) result.predictions = output;
  if (opts.timed) result.seconds = (performance.now() - started) / 1000;
  return result;
}
