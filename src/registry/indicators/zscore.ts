// Rolling z-score: (v[t] - mean of the window) / population std of the window, window including t.
import { rollingStd } from './rolling-std.ts';
import { sma } from './sma.ts';

/** 0 when the window is flat (std 0); NaN before the window is full. */
export function zscore(values: Float64Array, period: number): Float64Array {
  const mean = sma(values, period);
  const out = rollingStd(values, period, 0);
  for (let t = 0; t < values.length; t++) {
    const s = out[t];
    out[t] = s > 0 ? (values[t] - mean[t]) / s : s === 0 ? 0 : NaN;
  }
  return out;
}
