// Rolling z-score: (v[t] - mean of the window) / population std of the window, window including t.
import { rollingStd } from './rolling-std.ts';
import { sma } from './sma.ts';
import { negligible, SMA_TIE_ULPS } from './ties.ts';

/**
 * 0 when the window is flat and when v[t] equals the mean: a spread or a deviation within rounding of the mean's
 * scale (ties.ts) is 0, not noise divided by noise (a flat window would otherwise give +-1, or +-Infinity). NaN before
 * the window is full.
 */
export function zscore(values: Float64Array, period: number): Float64Array {
  const mean = sma(values, period);
  const out = rollingStd(values, period, 0);
  for (let t = 0; t < values.length; t++) {
    const s = out[t]!;
    const m = mean[t]!;
    if (!(s >= 0) || m !== m) {
      out[t] = NaN;
      continue;
    }
    const d = values[t]! - m;
    out[t] = negligible(s, SMA_TIE_ULPS, m) || negligible(d, SMA_TIE_ULPS, m) ? 0 : d / s;
  }
  return out;
}
