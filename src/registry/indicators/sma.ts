// Simple moving average: SMA(n)[t] = mean of values[t-n+1..t]; NaN until n finite values are in the window.
/**
 * A non-finite input empties the window: the average restarts once n clean values follow it.
 *
 * The running sum is error-free (Knuth's TwoSum keeps every rounding error of the adds and subtracts in `err`), so
 * each average is within about 1 ulp of the window's exact mean however long the series is. A plain running sum
 * drifts (6.5e-15 after 14 years of daily bars on one stock), enough to break an exact SMA5 = SMA20 tie; with this
 * sum two equal windows stay within a few ulps and `exceeds` (ties.ts) can decide the tie as the contract says.
 * One pass: the bar's change v - o is split exactly into a rounded difference and its error, and only the
 * difference enters the running sum, so the sum's chain is one add per bar (a plain running sum has two).
 */
export function sma(values: Float64Array, period: number): Float64Array {
  return slidingMean(values, period).middle;
}

/** A middle line and bands around it (Bollinger, Keltner). */
export interface Bands {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/**
 * The SMA and, when `k` is given, bands k population standard deviations around it, from the same error-free sum in
 * one pass. The bands' sum of squared deviations slides with the exact means (Welford's update for a window: m2 += (v - o)
 * ((v - mean) + (o - previous mean))), and is recomputed from the window every n bars so its rounding cannot drift;
 * a flat window has m2 = 0 exactly, so its bands are its middle.
 * Without `k`, the SMA only (upper and lower are empty).
 */
export function slidingMean(values: Float64Array, period: number, k?: number): Bands {
  const n = values.length;
  const bands = k !== undefined;
  const width = k ?? 0;
  const middle = new Float64Array(n); // every bar is written below: no NaN pre-fill pass
  const upper = new Float64Array(bands ? n : 0);
  const lower = new Float64Array(bands ? n : 0);
  if (!(period >= 1)) {
    middle.fill(NaN);
    upper.fill(NaN);
    lower.fill(NaN);
    return { middle, upper, lower };
  }
  let t = 0;
  while (t < n) {
    // warm-up: add clean values until the window is full; a non-finite one starts it again
    let sum = 0;
    let err = 0; // sum + err is the exact sum of the window (up to err's own, second-order, roundings)
    let have = 0;
    let same = 0; // length of the run of equal values ending at t: the window is flat when it reaches period
    for (; t < n && have < period; t++) {
      const v = values[t]!;
      if (!Number.isFinite(v)) {
        have = sum = err = 0;
        middle[t] = NaN;
        if (bands) upper[t] = lower[t] = NaN;
        continue;
      }
      same = have > 0 && v === values[t - 1] ? same + 1 : 1;
      const s = sum + v; // TwoSum(sum, v): s is the rounded sum, the rest its exact rounding error
      const bv = s - sum;
      err += sum - (s - bv) + (v - bv);
      sum = s;
      middle[t] = ++have === period ? (sum + err) / period : NaN;
      if (bands) upper[t] = lower[t] = NaN;
    }
    if (have < period) break; // the series ended during the warm-up
    let mean = middle[t - 1]!;
    let m2 = 0;
    let sinceExact = 0; // bars slid since m2 was last computed from the window
    if (bands) {
      m2 = same >= period ? 0 : sumOfSquaredDeviations(values, t - period, t, mean);
      const w = width * Math.sqrt(m2 > 0 ? m2 / period : 0);
      upper[t - 1] = mean + w;
      lower[t - 1] = mean - w;
    }
    // slide: each clean value enters and values[t - period] leaves, until a non-finite value
    for (; t < n; t++) {
      const v = values[t]!;
      if (!Number.isFinite(v)) break;
      const o = values[t - period]!;
      const d = v - o; // TwoDiff(v, o): d + e1 = v - o exactly
      const bd = d - v;
      const e1 = v - (d - bd) - (o + bd);
      const s = sum + d; // TwoSum(sum, d)
      const bs = s - sum;
      err += sum - (s - bs) + (d - bs) + e1;
      sum = s;
      const m = (sum + err) / period;
      middle[t] = m;
      if (bands) {
        same = v === values[t - 1] ? same + 1 : 1;
        if (same >= period) {
          m2 = 0; // a flat window: its bands are its middle, whatever the slid m2 kept of older windows
          sinceExact = 0;
        } else if (sinceExact >= period) {
          m2 = sumOfSquaredDeviations(values, t - period + 1, t + 1, m);
          sinceExact = 0;
        } else {
          m2 += (v - o) * (v - m + (o - mean));
          sinceExact++;
        }
        const w = width * Math.sqrt(m2 > 0 ? m2 / period : 0);
        upper[t] = m + w;
        lower[t] = m - w;
      }
      mean = m;
    }
    if (t < n) {
      middle[t] = NaN;
      if (bands) upper[t] = lower[t] = NaN;
      t++;
    }
  }
  return { middle, upper, lower };
}

function sumOfSquaredDeviations(values: Float64Array, from: number, to: number, mean: number): number {
  let m2 = 0;
  for (let i = from; i < to; i++) {
    const d = values[i]! - mean;
    m2 += d * d;
  }
  return m2;
}
