// MACD: EMA(fast) - EMA(slow) of the close, its signal line EMA(signal) and the histogram (line - signal).
import { smoothingStep } from './exponential-smoothing.ts';

export interface Macd {
  readonly line: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/**
 * The three SMA-seeded EMAs (see `ema`) advance together in one pass: the line exists from t = slow-1 and the signal,
 * an SMA-seeded EMA of the line, from t = slow+signal-2 (33 for 12/26/9). A non-finite close restarts all three, and
 * the signal restarts wherever the line is missing, as ema(line) would.
 */
export function macd(values: Float64Array, fast = 12, slow = 26, signal = 9): Macd {
  const n = values.length;
  // every bar is written below: no NaN pre-fill pass
  const line = new Float64Array(n);
  const sig = new Float64Array(n);
  const histogram = new Float64Array(n);
  if (!(fast >= 1 && slow >= 1 && signal >= 1)) {
    line.fill(NaN);
    sig.fill(NaN);
    histogram.fill(NaN);
    return { line, signal: sig, histogram };
  }
  const aFast = 2 / (fast + 1);
  const aSlow = 2 / (slow + 1);
  const aSig = 2 / (signal + 1);
  const kFast = 1 - aFast;
  const kSlow = 1 - aSlow;
  const kSig = 1 - aSig;
  // per EMA: clean inputs since its restart (capped at its period), their sum, then the average
  let cFast = 0;
  let cSlow = 0;
  let cSig = 0;
  let sFast = 0;
  let sSlow = 0;
  let sSig = 0;
  let eFast = NaN;
  let eSlow = NaN;
  let eSig = NaN;
  for (let t = 0; t < n; t++) {
    if (cSig === signal) {
      // all three seeded: a tight loop until a bar whose line is not finite, which the general step below takes
      for (; t < n; t++) {
        const f = smoothingStep(eFast, values[t]!, aFast, kFast);
        const s = smoothingStep(eSlow, values[t]!, aSlow, kSlow);
        const m = f - s;
        if (!Number.isFinite(m)) break;
        eFast = f;
        eSlow = s;
        eSig = smoothingStep(eSig, m, aSig, kSig);
        line[t] = m;
        sig[t] = eSig;
        histogram[t] = m - eSig;
      }
      if (t === n) break;
    }
    const v = values[t]!;
    if (!Number.isFinite(v)) {
      cFast = cSlow = cSig = sFast = sSlow = sSig = 0;
      line[t] = sig[t] = histogram[t] = NaN;
      continue;
    }
    if (cFast === fast) eFast = smoothingStep(eFast, v, aFast, kFast);
    else {
      sFast += v;
      eFast = ++cFast === fast ? sFast / fast : NaN;
    }
    if (cSlow === slow) eSlow = smoothingStep(eSlow, v, aSlow, kSlow);
    else {
      sSlow += v;
      eSlow = ++cSlow === slow ? sSlow / slow : NaN;
    }
    const m = eFast - eSlow;
    let g = NaN;
    if (!Number.isFinite(m)) cSig = sSig = 0;
    else if (cSig === signal) g = eSig = smoothingStep(eSig, m, aSig, kSig);
    else {
      sSig += m;
      if (++cSig === signal) g = eSig = sSig / signal;
    }
    line[t] = m;
    sig[t] = g;
    histogram[t] = m - g;
  }
  return { line, signal: sig, histogram };
}
