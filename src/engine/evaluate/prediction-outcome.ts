// The realized value a stored prediction is later compared with, in the prediction's own units, per output kind.
import type { OutputKind } from '../../registry/model.ts';

/**
 * What happened on the bar after t, or null when that bar is not in the data yet:
 * - forecast, position, regime: the next bar's simple return close[t+1]/close[t] - 1;
 * - volatility: its absolute value (the realized counterpart of a standard-deviation forecast);
 * - risk: the next bar's loss as a positive fraction, -(return) (compare with the VaR: a breach when larger).
 */
export function predictionOutcome(output: OutputKind, close: Float64Array, t: number): number | null {
  if (t + 1 >= close.length) return null;
  const r = close[t + 1]! / close[t]! - 1;
  if (!Number.isFinite(r)) return null;
  switch (output) {
    case 'volatility':
      return Math.abs(r);
    case 'risk':
      return -r;
    default:
      return r;
  }
}
