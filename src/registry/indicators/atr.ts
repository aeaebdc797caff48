// Average true range, Wilder (TA-Lib convention): true range from t = 1, first ATR at t = n the mean of TR[1..n].
import { trueRange } from './true-range.ts';
import { wilderAverage } from './wilder-average.ts';

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  return wilderAverage(trueRange(high, low, close), period);
}
