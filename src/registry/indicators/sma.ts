// Simple moving average: SMA(n)[t] = mean of values[t-n+1..t]; NaN until n finite values are in the window.
/**
 * A non-finite input empties the window: the average restarts once n clean values follow it.
 *
 * The running sum is error-free (Knuth's TwoSum keeps every rounding error of the adds and subtracts in `err`), so
 * each average is within about 1 ulp of the window's exact mean however long the series is. A plain running sum
 * drifts (6.5e-15 after 14 years of daily bars on one stock), enough to break an exact SMA5 = SMA20 tie; with this
 * sum two equal windows stay within a few ulps and `exceeds` (ties.ts) can decide the tie as the contract says.
 * Costs about 6 extra flops a bar and keeps one pass, unlike recomputing the window's sum.
 */
export function sma(values: Float64Array, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  let sum = 0;
  let err = 0; // sum + err is the exact sum of the window (up to err's own, second-order, roundings)
  let lastBad = -1; // index of the latest non-finite value
  for (let t = 0; t < n; t++) {
    const v = values[t];
    if (!Number.isFinite(v)) {
      lastBad = t;
      sum = 0;
      err = 0;
      continue;
    }
    // TwoSum(sum, v): s is the rounded sum, the rest is its exact rounding error
    let s = sum + v;
    let bv = s - sum;
    err += sum - (s - bv) + (v - bv);
    sum = s;
    if (t - lastBad > period) {
      const o = -values[t - period];
      s = sum + o;
      bv = s - sum;
      err += sum - (s - bv) + (o - bv);
      sum = s;
    }
    if (t - lastBad >= period) out[t] = (sum + err) / period;
  }
  return out;
}
