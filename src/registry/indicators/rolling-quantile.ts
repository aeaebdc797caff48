// Rolling quantile (type 7 interpolation) over a window including t; the median is q = 0.5.
import { SortedWindow } from './sorted-window.ts';

/** NaN until the window holds `period` finite values; a non-finite value empties the window. O(n * period) worst case by the shift, fast in practice. */
export function rollingQuantile(values: Float64Array, period: number, q: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  const win = new SortedWindow(period + 1);
  let lastBad = -1;
  for (let t = 0; t < n; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) {
      lastBad = t;
      win.clear();
      continue;
    }
    win.insert(v);
    if (t - lastBad > period) win.remove(values[t - period]!);
    if (t - lastBad >= period) out[t] = win.quantile(q);
  }
  return out;
}
