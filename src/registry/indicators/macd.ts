// MACD: EMA(fast) - EMA(slow) of the close, its signal line EMA(signal) and the histogram (line - signal).
import { ema } from './ema.ts';

export interface Macd {
  readonly line: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/**
 * Both EMAs are SMA-seeded (see `ema`), so the line exists from t = slow-1 and the signal, an SMA-seeded EMA
 * of the line, from t = slow+signal-2 (33 for 12/26/9).
 */
export function macd(values: Float64Array, fast = 12, slow = 26, signal = 9): Macd {
  const n = values.length;
  const fastEma = ema(values, fast);
  const line = ema(values, slow); // reused in place: slow EMA becomes the line
  for (let t = 0; t < n; t++) line[t] = fastEma[t] - line[t];
  const sig = ema(line, signal);
  const histogram = fastEma; // reuse the buffer
  for (let t = 0; t < n; t++) histogram[t] = line[t] - sig[t];
  return { line, signal: sig, histogram };
}
