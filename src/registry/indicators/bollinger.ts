// Bollinger bands: SMA(n) middle, bands at +-k population standard deviations (TA-Lib's convention).
import { rollingStd } from './rolling-std.ts';
import { sma } from './sma.ts';

export interface Bands {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

export function bollinger(values: Float64Array, period = 20, k = 2): Bands {
  const middle = sma(values, period);
  const upper = rollingStd(values, period, 0);
  const lower = new Float64Array(values.length);
  for (let t = 0; t < values.length; t++) {
    const m = middle[t];
    const d = k * upper[t];
    upper[t] = m + d;
    lower[t] = m - d;
  }
  return { middle, upper, lower };
}
