// Momentum that skips the most recent bars (the classic 12-1 month signal), avoiding short-term reversal.
import { defineFamily, defineModel } from '../../family.ts';

export const skipMomentumFamily = defineFamily({
  name: 'skip-momentum',
  grid: [
    { lookback: 252, skip: 21 },
    { lookback: 189, skip: 21 },
    { lookback: 126, skip: 21 },
    { lookback: 252, skip: 5 },
  ],
  create: ({ lookback, skip }) =>
    defineModel(
      {
        id: `momentum-${lookback}-${skip}`,
        name: `Momentum ${lookback} skipping ${skip}`,
        category: 'momentum',
        description: `Long while the return from ${lookback} bars ago to ${skip} bars ago, close[t-${skip}]/close[t-${lookback}] - 1, is positive; flat otherwise. Skipping the last ${skip} bars sidesteps short-term reversal.`,
        params: { lookback, skip },
        inputs: ['close'],
        output: 'position',
        minHistory: lookback + 1,
      },
      ({ bars }) => {
        const c = bars.close;
        const w = new Float64Array(bars.length);
        for (let t = lookback; t < w.length; t++) w[t] = c[t - skip] / c[t - lookback] - 1 > 0 ? 1 : 0;
        return w;
      },
    ),
});
