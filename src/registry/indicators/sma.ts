// Simple moving average: SMA(n)[t] = mean of values[t-n+1..t]; NaN until n finite values are in the window.
/** A non-finite input empties the window: the average restarts once n clean values follow it. */
export function sma(values: Float64Array, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  let sum = 0;
  let lastBad = -1; // index of the latest non-finite value
  for (let t = 0; t < n; t++) {
    const v = values[t];
    if (!Number.isFinite(v)) {
      lastBad = t;
      sum = 0;
      continue;
    }
    sum += v;
    if (t - lastBad > period) sum -= values[t - period];
    if (t - lastBad >= period) out[t] = sum / period;
  }
  return out;
}
