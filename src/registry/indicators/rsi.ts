// Wilder's relative strength index: first averages are plain means of the first n changes, then Wilder smoothing.
import { smoothingStep } from './exponential-smoothing.ts';
import { wilderAlpha } from './wilder-average.ts';

/**
 * RSI[t] = 100 - 100 / (1 + avgGain/avgLoss), and 100 when avgLoss is 0. First value at t = n (n changes needed);
 * NaN before. A non-finite close restarts the warm-up.
 */
export function rsi(values: Float64Array, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n); // every bar is written below: no NaN pre-fill pass
  if (!(period >= 1)) return out.fill(NaN);
  const alpha = wilderAlpha(period);
  const keep = 1 - alpha;
  let count = 0; // changes seen since the last restart, capped at period
  let avgGain = 0; // sums of the first changes until count reaches period, then Wilder averages
  let avgLoss = 0;
  let prev = NaN;
  for (let t = 0; t < n; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) {
      prev = NaN;
      count = avgGain = avgLoss = 0;
      out[t] = NaN;
      continue;
    }
    const change = v - prev;
    if (change !== change) {
      // the first clean close (prev is NaN): no change yet
      prev = v;
      out[t] = NaN;
      continue;
    }
    prev = v;
    // max(change, 0) and max(-change, 0), exactly, without a branch the market's coin flips would mispredict
    const size = Math.abs(change);
    const gain = (change + size) * 0.5;
    const loss = (size - change) * 0.5;
    if (count === period) {
      avgGain = smoothingStep(avgGain, gain, alpha, keep);
      avgLoss = smoothingStep(avgLoss, loss, alpha, keep);
    } else {
      avgGain += gain;
      avgLoss += loss;
      if (++count < period) {
        out[t] = NaN;
        continue;
      }
      avgGain /= period;
      avgLoss /= period;
    }
    out[t] = avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
  }
  return out;
}
