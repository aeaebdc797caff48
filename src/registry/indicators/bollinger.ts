// Bollinger bands: SMA(n) middle, bands at +-k population standard deviations (TA-Lib's convention).
import { type Bands, slidingMean } from './sma.ts';

export type { Bands } from './sma.ts';

/** One pass over the values: the SMA's error-free sum and the window's spread slide together (sma.ts). */
export function bollinger(values: Float64Array, period = 20, k = 2): Bands {
  return slidingMean(values, period, k);
}
