// Williams %R: -100 (HH_n - C)/(HH_n - LL_n), from -100 (at the low) to 0 (at the high); -50 for a flat window.
import { rollingMax, rollingMin } from './rolling-extremes.ts';

export function williamsR(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const hh = rollingMax(high, period);
  const out = rollingMin(low, period);
  for (let t = 0; t < close.length; t++) {
    const range = hh[t]! - out[t]!;
    out[t] = range > 0 ? (-100 * (hh[t]! - close[t]!)) / range : range === 0 ? -50 : NaN;
  }
  return out;
}
