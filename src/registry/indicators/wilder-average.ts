// Wilder's smoothing (RMA): the exponential smoothing with a = 1/n, seeded with the plain mean of the first n values.
import { exponentialSmoothing } from './exponential-smoothing.ts';

/** Wilder's weight on the newest value: avg = avg + (v - avg)/n. RSI, ATR and ADX all smooth with it. */
export function wilderAlpha(period: number): number {
  return 1 / period;
}

/** NaN before n finite values; a non-finite value restarts the warm-up. */
export function wilderAverage(values: Float64Array, period: number): Float64Array {
  return exponentialSmoothing(values, period, wilderAlpha(period));
}
