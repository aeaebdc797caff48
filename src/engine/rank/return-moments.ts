// The moments of a return series that the Sharpe statistics need: mean, sample standard deviation, skewness and
// (non-excess) kurtosis, and the per-period Sharpe ratio, in two passes over a typed array.

export interface ReturnMoments {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1). */
  std: number;
  /** Skewness m3 / m2^1.5 (0 for a symmetric series; 0 when the series does not vary). */
  skew: number;
  /** Kurtosis m4 / m2^2, not excess: 3 for a normal series (3 when the series does not vary). */
  kurtosis: number;
  /** Per-period Sharpe ratio mean / std (0 when std is 0). */
  sharpe: number;
}

export function returnMoments(r: Float64Array, from = 0, to = r.length): ReturnMoments {
  const n = Math.max(0, to - from);
  let sum = 0;
  for (let k = from; k < to; k++) sum += r[k]!;
  const mean = n > 0 ? sum / n : 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let k = from; k < to; k++) {
    const d = r[k]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  const pop2 = n > 0 ? m2 / n : 0;
  const varies = pop2 > 0 && std > 0;
  return {
    n,
    mean,
    std,
    skew: varies ? m3 / n / Math.pow(pop2, 1.5) : 0,
    kurtosis: varies ? m4 / n / (pop2 * pop2) : 3,
    sharpe: varies ? mean / std : 0,
  };
}
