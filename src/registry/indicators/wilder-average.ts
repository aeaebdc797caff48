// Wilder's moving average (RMA): first value the plain mean of n values, then avg = (avg*(n-1) + v)/n.
/** NaN before n finite values; a non-finite value restarts the warm-up. */
export function wilderAverage(values: Float64Array, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  let count = 0;
  let sum = 0;
  let avg = 0;
  for (let t = 0; t < n; t++) {
    const v = values[t];
    if (!Number.isFinite(v)) {
      count = 0;
      sum = 0;
      continue;
    }
    count++;
    if (count < period) {
      sum += v;
      continue;
    }
    avg = count === period ? (sum + v) / period : (avg * (period - 1) + v) / period;
    out[t] = avg;
  }
  return out;
}
