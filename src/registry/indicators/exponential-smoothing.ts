// Exponential smoothing, SMA-seeded: the one kernel behind the EMA (a = 2/(n+1)) and Wilder's smoothing (a = 1/n).

/** One step: the new value weighted `alpha`, the previous average `1 - alpha`. Every EMA and Wilder average uses it. */
export function smoothingStep(previous: number, value: number, alpha: number): number {
  return alpha * value + (1 - alpha) * previous;
}

/**
 * S[t] = alpha*v[t] + (1-alpha)*S[t-1], seeded with the plain mean of the first n values at the n-th. NaN before the
 * seed; a non-finite input restarts the warm-up (a fresh mean seed after n clean values).
 */
export function exponentialSmoothing(values: Float64Array, period: number, alpha: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  let count = 0;
  let sum = 0;
  let prev = NaN;
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
    } else if (count === period) {
      sum += v;
      prev = sum / period;
      out[t] = prev;
    } else {
      prev = smoothingStep(prev, v, alpha);
      out[t] = prev;
    }
  }
  return out;
}
