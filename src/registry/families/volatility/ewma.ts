// RiskMetrics EWMA volatility: variance = lambda * variance + (1 - lambda) * r^2, seeded with the mean square of 20 returns.
import { defineFamily, defineModel } from '../../family.ts';
import { simpleReturns } from '../../indicators/simple-returns.ts';

const seedReturns = 20;

/** NaN until `seedReturns` returns exist; a missing return leaves the variance unchanged. */
export function ewmaVolatility(close: Float64Array, lambda: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  const r = simpleReturns(close);
  let variance = 0;
  let seen = 0;
  for (let t = 1; t < n; t++) {
    const x = r[t]!;
    if (Number.isFinite(x)) {
      seen++;
      if (seen <= seedReturns) variance += (x * x) / seedReturns;
      else variance = lambda * variance + (1 - lambda) * x * x;
    }
    if (seen >= seedReturns) out[t] = Math.sqrt(variance);
  }
  return out;
}

export const ewmaFamily = defineFamily({
  name: 'ewma',
  grid: [94, 97].map((lambda) => ({ lambda })),
  create: ({ lambda }) =>
    defineModel(
      {
        id: `ewma-vol-${lambda}`,
        name: `EWMA volatility (lambda 0.${lambda})`,
        category: 'volatility',
        description: `RiskMetrics exponentially weighted volatility with lambda = 0.${lambda}: sigma^2 = 0.${lambda} sigma^2 + 0.0${100 - lambda} r^2 on daily simple returns (zero mean), seeded with the mean square of the first ${seedReturns} returns.`,
        params: { lambda: lambda / 100, seedReturns },
        inputs: ['close'],
        output: 'volatility',
        minHistory: seedReturns + 1,
      },
      ({ bars }) => ewmaVolatility(bars.close, lambda / 100),
    ),
});
