// Rolling mean, sample standard deviation, skewness and excess kurtosis of returns, O(n) by sliding power sums.
export interface Moments {
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly skew: Float64Array;
  readonly exKurt: Float64Array;
}

/**
 * Sums of r, r^2, r^3, r^4 slide with the window (returns are small, so raw sums lose little); they are
 * recomputed exactly every `window` bars to stop drift. Skewness and kurtosis are the population (moment)
 * estimates; std uses n-1. NaN until `window` finite values; a non-finite value empties the window.
 */
export function rollingMoments(values: Float64Array, window: number): Moments {
  const n = values.length;
  const mean = new Float64Array(n).fill(NaN);
  const std = new Float64Array(n).fill(NaN);
  const skew = new Float64Array(n).fill(NaN);
  const exKurt = new Float64Array(n).fill(NaN);
  if (!(window >= 3)) return { mean, std, skew, exKurt };
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let lastBad = -1;
  let sinceExact = 0;
  for (let t = 0; t < n; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) {
      lastBad = t;
      continue;
    }
    const have = t - lastBad;
    if (have < window) continue;
    if (have === window || sinceExact >= window) {
      s1 = s2 = s3 = s4 = 0;
      for (let i = t - window + 1; i <= t; i++) {
        const x = values[i]!;
        const x2 = x * x;
        s1 += x;
        s2 += x2;
        s3 += x2 * x;
        s4 += x2 * x2;
      }
      sinceExact = 0;
    } else {
      const o = values[t - window]!;
      const o2 = o * o;
      const v2 = v * v;
      s1 += v - o;
      s2 += v2 - o2;
      s3 += v2 * v - o2 * o;
      s4 += v2 * v2 - o2 * o2;
      sinceExact++;
    }
    const m = s1 / window;
    const e2 = s2 / window;
    const e3 = s3 / window;
    const e4 = s4 / window;
    const c2 = Math.max(0, e2 - m * m);
    const c3 = e3 - 3 * m * e2 + 2 * m * m * m;
    const c4 = e4 - 4 * m * e3 + 6 * m * m * e2 - 3 * m * m * m * m;
    mean[t] = m;
    std[t] = Math.sqrt((c2 * window) / (window - 1));
    skew[t] = c2 > 0 ? c3 / Math.pow(c2, 1.5) : 0;
    exKurt[t] = c2 > 0 ? c4 / (c2 * c2) - 3 : 0;
  }
  return { mean, std, skew, exKurt };
}
