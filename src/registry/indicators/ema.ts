// Exponential moving average, seeded with SMA(n) at the n-th value: EMA[t] = a*v[t] + (1-a)*EMA[t-1], a = 2/(n+1).
/** NaN before the seed; a non-finite input restarts the warm-up (a fresh SMA seed after n clean values). */
export function ema(values: Float64Array, period: number): Float64Array {
  return emaWithAlpha(values, period, 2 / (period + 1));
}

/** The same recursion with an explicit smoothing factor (Wilder's smoothing is a = 1/n). */
export function emaWithAlpha(values: Float64Array, period: number, alpha: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  const keep = 1 - alpha;
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
      prev = alpha * v + keep * prev;
      out[t] = prev;
    }
  }
  return out;
}
