// Momentum that skips the most recent bars (the classic 12-1 month signal), avoiding short-term reversal.
import { defineFamily, defineModel } from '../../family.ts';
import type { Model } from '../../model.ts';

/**
 * Long while close[t-skip]/close[t-lookback] - 1 > 0, flat otherwise; 0 before bar `lookback`. With skip 0 this is
 * plain time-series momentum (momentum.ts), whose id, name and params leave the skip out.
 */
export function skipMomentumModel(lookback: number, skip: number): Model {
  const plain = skip === 0;
  return defineModel(
    {
      id: plain ? `momentum-${lookback}` : `momentum-${lookback}-${skip}`,
      name: plain ? `Momentum ${lookback}` : `Momentum ${lookback} skipping ${skip}`,
      category: 'momentum',
      description: plain
        ? `Long (w=1) while close[t]/close[t-${lookback}] - 1 > 0, flat otherwise; 0 before bar ${lookback}.`
        : `Long while the return from ${lookback} bars ago to ${skip} bars ago, close[t-${skip}]/close[t-${lookback}] - 1, is positive; flat otherwise. Skipping the last ${skip} bars sidesteps short-term reversal.`,
      params: plain ? { lookback } : { lookback, skip },
      inputs: ['close'],
      output: 'position',
      minHistory: lookback + 1,
    },
    ({ bars }) => {
      const c = bars.close;
      const w = new Float64Array(bars.length);
      for (let t = lookback; t < w.length; t++) w[t] = c[t - skip]! / c[t - lookback]! - 1 > 0 ? 1 : 0;
      return w;
    },
  );
}

export const skipMomentumFamily = defineFamily({
  name: 'skip-momentum',
  grid: [
    { lookback: 252, skip: 21 },
    { lookback: 189, skip: 21 },
    { lookback: 126, skip: 21 },
    { lookback: 252, skip: 5 },
  ],
  create: ({ lookback, skip }) => skipMomentumModel(lookback, skip),
});
