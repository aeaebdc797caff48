// Time-series momentum: long while the close is above its level L bars ago, flat otherwise.
import { defineFamily, defineModel } from '../../family.ts';

export const momentumFamily = defineFamily({
  name: 'momentum',
  grid: [21, 42, 63, 126, 189, 252].map((lookback) => ({ lookback })),
  create: ({ lookback }) =>
    defineModel(
      {
        id: `momentum-${lookback}`,
        name: `Momentum ${lookback}`,
        category: 'momentum',
        description: `Long (w=1) while close[t]/close[t-${lookback}] - 1 > 0, flat otherwise; 0 before bar ${lookback}.`,
        params: { lookback },
        inputs: ['close'],
        output: 'position',
        minHistory: lookback + 1,
      },
      ({ bars }) => {
        const c = bars.close;
        const w = new Float64Array(bars.length);
        for (let t = lookback; t < w.length; t++) w[t] = c[t] / c[t - lookback] - 1 > 0 ? 1 : 0;
        return w;
      },
    ),
});
