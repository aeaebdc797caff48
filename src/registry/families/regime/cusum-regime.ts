// CUSUM change-point regime: two-sided CUSUM on volatility-standardised returns; the state labels the current segment's direction.
import { defineFamily, defineModel } from '../../family.ts';
import { simpleReturns } from '../../indicators/simple-returns.ts';
import { ewmaVolatility } from '../volatility/ewma.ts';

/**
 * z[t] = r[t] / sigma[t-1] (EWMA 0.94 forecast made the bar before, so causal). S+ = max(0, S+ + z - k),
 * S- = max(0, S- - z - k); when either exceeds h a change point is declared at t, both sums reset and a new
 * segment starts. The state is 1 (rising) while the mean return of the current segment so far is >= 0, else 0.
 */
export function cusumRegimes(close: Float64Array, k: number, h: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  const r = simpleReturns(close);
  const sigma = ewmaVolatility(close, 0.94);
  let up = 0;
  let down = 0;
  let segSum = 0;
  let segCount = 0;
  for (let t = 2; t < n; t++) {
    const s = sigma[t - 1]!;
    const x = r[t]!;
    if (!(s > 0) || !Number.isFinite(x)) continue;
    const z = x / s;
    up = Math.max(0, up + z - k);
    down = Math.max(0, down - z - k);
    segSum += x;
    segCount++;
    if (up > h || down > h) {
      // the change is dated at t: the new segment starts with this bar's return
      up = 0;
      down = 0;
      segSum = x;
      segCount = 1;
    }
    out[t] = segSum / segCount >= 0 ? 1 : 0;
  }
  return out;
}

export const cusumRegimeFamily = defineFamily({
  name: 'cusum-regime',
  grid: [
    { k: 0.5, h: 5 },
    { k: 0.25, h: 10 },
  ],
  create: ({ k, h }) =>
    defineModel(
      {
        id: `cusum-${k}-${h}`,
        name: `CUSUM change point (k ${k}, h ${h})`,
        category: 'regime',
        description: `Two-sided CUSUM on daily returns standardised by the EWMA volatility forecast (drift allowance k = ${k}, threshold h = ${h}); each alarm starts a new segment. State 1 (rising) while the current segment's mean return is >= 0, 0 (falling) otherwise.`,
        params: { k, h },
        inputs: ['close'],
        output: 'regime',
        minHistory: 22,
        regimeLabels: ['falling', 'rising'],
      },
      ({ bars }) => cusumRegimes(bars.close, k, h),
    ),
});
