// Donchian channel: highest high and lowest low of the last n bars (bar t included), and their midpoint.
import { rollingMax, rollingMin } from './rolling-extremes.ts';

export interface Channel {
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly middle: Float64Array;
}

export function donchian(high: Float64Array, low: Float64Array, period = 20): Channel {
  const upper = rollingMax(high, period);
  const lower = rollingMin(low, period);
  const middle = new Float64Array(high.length);
  for (let t = 0; t < middle.length; t++) middle[t] = (upper[t]! + lower[t]!) / 2;
  return { upper, lower, middle };
}
