// Exponential moving average, seeded with SMA(n) at the n-th value: EMA[t] = a*v[t] + (1-a)*EMA[t-1], a = 2/(n+1).
import { exponentialSmoothing } from './exponential-smoothing.ts';

/** NaN before the seed; a non-finite input restarts the warm-up (a fresh SMA seed after n clean values). */
export function ema(values: Float64Array, period: number): Float64Array {
  return exponentialSmoothing(values, period, 2 / (period + 1));
}
