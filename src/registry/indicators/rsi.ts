// Wilder's relative strength index: first averages are plain means of the first n changes, then Wilder smoothing.
import { smoothingStep } from './exponential-smoothing.ts';
import { wilderAlpha } from './wilder-average.ts';

/**
 * RSI[t] = 100 - 100 / (1 + avgGain/avgLoss), and 100 when avgLoss is 0. First value at t = n (n changes needed);
 * NaN before. A non-finite close restarts the warm-up.
 */
export function rsi(values: Float64Array, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  const alpha = wilderAlpha(period);
  let count = 0; // changes seen since the last restart
  let gainSum = 0;
  let lossSum = 0;
  let avgGain = 0;
  let avgLoss = 0;
  let prev = NaN;
  for (let t = 0; t < n; t++) {
    const v = values[t];
    if (!Number.isFinite(v)) {
      prev = NaN;
      count = 0;
      gainSum = 0;
      lossSum = 0;
      continue;
    }
    if (Number.isNaN(prev)) {
      prev = v;
      continue;
    }
    const change = v - prev;
    prev = v;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    count++;
    if (count < period) {
      gainSum += gain;
      lossSum += loss;
      continue;
    }
    if (count === period) {
      avgGain = (gainSum + gain) / period;
      avgLoss = (lossSum + loss) / period;
    } else {
      avgGain = smoothingStep(avgGain, gain, alpha);
      avgLoss = smoothingStep(avgLoss, loss, alpha);
    }
    out[t] = avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
  }
  return out;
}
