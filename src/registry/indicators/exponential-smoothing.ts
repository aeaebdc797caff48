// Exponential smoothing, SMA-seeded: the one kernel behind the EMA (a = 2/(n+1)) and Wilder's smoothing (a = 1/n).

/**
 * One step: the new value weighted `alpha`, the previous average `keep` = 1 - alpha (passed in: a loop computes it
 * once, the compiler does not hoist it). Every EMA and Wilder average steps with it.
 */
export function smoothingStep(previous: number, value: number, alpha: number, keep: number): number {
  return alpha * value + keep * previous;
}

/**
 * S[t] = alpha*v[t] + (1-alpha)*S[t-1], seeded with the plain mean of the first n values at the n-th. NaN before the
 * seed; a non-finite input restarts the warm-up (a fresh mean seed after n clean values).
 */
export function exponentialSmoothing(values: Float64Array, period: number, alpha: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n); // every bar is written below: no NaN pre-fill pass
  if (!(period >= 1)) return out.fill(NaN);
  const keep = 1 - alpha;
  let count = 0; // clean values since the last restart, capped at period
  let sum = 0;
  let prev = NaN;
  for (let t = 0; t < n; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) {
      count = 0;
      sum = 0;
      out[t] = NaN;
    } else if (count === period) {
      prev = smoothingStep(prev, v, alpha, keep);
      out[t] = prev;
    } else {
      sum += v;
      prev = sum / period; // the seed once count reaches period
      out[t] = ++count === period ? prev : NaN;
    }
  }
  return out;
}
