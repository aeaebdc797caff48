// Fast stochastic oscillator: %K = 100 (C - LL_n)/(HH_n - LL_n), %D = SMA_d(%K).
import { rollingMax, rollingMin } from './rolling-extremes.ts';
import { sma } from './sma.ts';

export interface Stochastic {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/** %K is 50 (mid-range) when the window is flat (HH = LL). */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  dPeriod = 3,
): Stochastic {
  const hh = rollingMax(high, period);
  const k = rollingMin(low, period);
  for (let t = 0; t < close.length; t++) {
    const ll = k[t]!;
    const range = hh[t]! - ll;
    k[t] = range > 0 ? (100 * (close[t]! - ll)) / range : range === 0 ? 50 : NaN;
  }
  return { k, d: sma(k, dPeriod) };
}
