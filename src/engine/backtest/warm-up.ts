// A model's warm-up, one rule for the backtest and the walk-forward evaluation: a model that needs `minHistory` bars
// gives its first signal after the close of bar minHistory-1, so bar minHistory is the first that can act on it.
import type { ModelSpec } from '../../registry/model.ts';

type WarmUp = Pick<ModelSpec, 'minHistory'>;

/** Index of the bar after whose close the model's first signal comes. */
export function firstSignalIndex(model: WarmUp): number {
  return Math.max(0, model.minHistory - 1);
}

/** Index of the first bar that can act on a signal of the model (trade on it, or score it). */
export function firstActingIndex(model: WarmUp): number {
  return model.minHistory;
}

/** True when bars[0..toIndex] end before any signal of the model can be acted on: a backtest would stay flat. */
export function endsInWarmUp(model: WarmUp, toIndex: number): boolean {
  return toIndex < firstActingIndex(model);
}
