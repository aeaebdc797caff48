// Commodity channel index: (TP - SMA_n(TP)) / (0.015 * mean absolute deviation of TP around that SMA), TP = (H+L+C)/3.
import { sma } from './sma.ts';
import { negligible, SMA_TIE_ULPS } from './ties.ts';

/**
 * The mean deviation is around the current window's mean, so it is O(n) per bar; this one indicator costs
 * O(n * period). 0 when the deviation, or TP's distance from its mean, is rounding noise on the mean's scale (a flat
 * window would otherwise give +-66.7 from noise over noise; see ties.ts).
 */
export function cci(high: Float64Array, low: Float64Array, close: Float64Array, period = 20): Float64Array {
  const len = close.length;
  const tp = new Float64Array(len);
  for (let t = 0; t < len; t++) tp[t] = (high[t]! + low[t]! + close[t]!) / 3;
  const mean = sma(tp, period);
  const out = new Float64Array(len).fill(NaN);
  for (let t = period - 1; t < len; t++) {
    const m = mean[t]!;
    if (Number.isNaN(m)) continue;
    let dev = 0;
    for (let i = t - period + 1; i <= t; i++) dev += Math.abs(tp[i]! - m);
    dev /= period;
    const d = tp[t]! - m;
    out[t] = negligible(dev, SMA_TIE_ULPS, m) || negligible(d, SMA_TIE_ULPS, m) ? 0 : d / (0.015 * dev);
  }
  return out;
}
