// Rolling variance and standard deviation over a fixed window, O(n) by a sliding Welford update.
/**
 * ddof 0 gives the population variance (TA-Lib's Bollinger convention), ddof 1 the sample variance.
 * The sliding update drifts slowly, so the window's moments are recomputed exactly every `period` bars
 * (amortised O(1) per bar). NaN until the window holds `period` finite values; a non-finite value empties it.
 */
export function rollingVariance(values: Float64Array, period: number, ddof = 0): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1) || period - ddof <= 0) return out;
  let lastBad = -1;
  let mean = 0;
  let m2 = 0;
  let sinceExact = 0;
  const denom = period - ddof;
  for (let t = 0; t < n; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) {
      lastBad = t;
      continue;
    }
    const have = t - lastBad; // clean values in [lastBad+1, t]
    if (have < period) continue;
    if (have === period || sinceExact >= period) {
      // exact two-pass moments of the window
      let s = 0;
      for (let i = t - period + 1; i <= t; i++) s += values[i]!;
      mean = s / period;
      m2 = 0;
      for (let i = t - period + 1; i <= t; i++) {
        const d = values[i]! - mean;
        m2 += d * d;
      }
      sinceExact = 0;
    } else {
      const old = values[t - period]!;
      const newMean = mean + (v - old) / period;
      m2 += (v - old) * (v - newMean + old - mean);
      mean = newMean;
      sinceExact++;
    }
    out[t] = m2 > 0 ? m2 / denom : 0;
  }
  return out;
}

export function rollingStd(values: Float64Array, period: number, ddof = 0): Float64Array {
  const out = rollingVariance(values, period, ddof);
  for (let t = 0; t < out.length; t++) out[t] = Math.sqrt(out[t]!);
  return out;
}
