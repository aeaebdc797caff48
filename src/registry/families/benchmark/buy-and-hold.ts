// The benchmark every strategy is compared with: fully invested on every bar.
import { defineFamily, defineModel } from '../../family.ts';

export const buyAndHoldFamily = defineFamily({
  name: 'buy-and-hold',
  grid: [{}],
  create: () =>
    defineModel(
      {
        id: 'buy-and-hold',
        name: 'Buy and hold',
        category: 'benchmark',
        description: 'Always fully invested: w[t] = 1 on every bar. The benchmark for every backtest.',
        params: {},
        inputs: ['close'],
        output: 'position',
        minHistory: 1,
      },
      ({ bars }) => new Float64Array(bars.length).fill(1),
    ),
});
