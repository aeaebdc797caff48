// Keltner channel: EMA(n) of the close as middle, bands at +-k ATR(m) (technicalindicators' default shape).
import type { Bands } from './bollinger.ts';
import { atr } from './atr.ts';
import { ema } from './ema.ts';

export function keltner(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 20,
  multiplier = 2,
  atrPeriod = 10,
): Bands {
  const middle = ema(close, period);
  const upper = atr(high, low, close, atrPeriod);
  const lower = new Float64Array(close.length);
  for (let t = 0; t < close.length; t++) {
    const d = multiplier * upper[t]!;
    upper[t] = middle[t]! + d;
    lower[t] = middle[t]! - d;
  }
  return { middle, upper, lower };
}
